package httpresp

import (
	"errors"
	"net/http"
	"net/textproto"
	"regexp"
	"strconv"
	"strings"
)

// ErrNoResponse is returned by Parse for a text without a status line.
var ErrNoResponse = errors.New("no HTTP status line")

// Response is everything curl printed of the responses it received.
type Response struct {
	// Messages are the responses, in the order received (several with -L).
	Messages []Message
}

// Final is the last response; the zero Message when there is none.
func (r Response) Final() Message {
	if len(r.Messages) == 0 {
		return Message{}
	}
	return r.Messages[len(r.Messages)-1]
}

// Message is one response.
type Message struct {
	// Proto is "HTTP/1.1", "HTTP/2" ...
	Proto string
	// Code is the status code.
	Code int
	// Reason is the reason phrase ("" for HTTP/2).
	Reason string
	// Header holds the headers, keys canonical.
	Header http.Header
	// Body is the text after the headers, up to the next response.
	Body string
}

// Status is "301 Moved Permanently", with Go's reason phrase when the
// response had none.
func (m Message) Status() string {
	reason := m.Reason
	if reason == "" {
		reason = http.StatusText(m.Code)
	}
	return strings.TrimSpace(strconv.Itoa(m.Code) + " " + reason)
}

var (
	statusLine = regexp.MustCompile(`^(HTTP/\d(?:\.\d)?)\s+(\d{3})(?:\s+(.*))?$`)
	headerLine = regexp.MustCompile(`^([!#$%&'*+.^_|~0-9A-Za-z-]+):\s*(.*)$`)
	meterHead  = regexp.MustCompile(`^\s*(% Total\s+% Received|Dload\s+Upload)`)
	// meterRow is a progress row: 12 columns, times as --:--:-- or h:mm:ss.
	meterRow = regexp.MustCompile(`^\s*\d{1,3}\s+(\S+)\s+\d{1,3}\s+(\S+)\s+\d{1,3}\s+\S+\s+\S+\s+\S+\s+(--:--:--|\d+:\d\d:\d\d)\s+(--:--:--|\d+:\d\d:\d\d)\s+(--:--:--|\d+:\d\d:\d\d)\s+\S+\s*$`)
)

// lines splits text into the lines a terminal would have shown: a
// carriage return inside a line starts another one (progress updates).
func lines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		for _, seg := range strings.Split(strings.TrimRight(l, "\r"), "\r") {
			out = append(out, seg)
		}
	}
	return out
}

// Parse reads curl's output; see the package documentation.
func Parse(text string) (Response, error) {
	var r Response
	var cur *Message
	var body []string
	inHeaders := false
	flush := func() {
		if cur != nil {
			cur.Body = strings.TrimRight(strings.Join(body, "\n"), "\n")
			r.Messages = append(r.Messages, *cur)
		}
		body = nil
	}
	for _, line := range lines(text) {
		if meterHead.MatchString(line) || meterRow.MatchString(line) {
			continue
		}
		if len(line) >= 1 && strings.IndexByte("<>*{}", line[0]) >= 0 && (len(line) == 1 || line[1] == ' ') {
			if line[0] != '<' {
				continue // -v: request, info and data lines
			}
			line = strings.TrimPrefix(line[1:], " ")
		}
		if m := statusLine.FindStringSubmatch(line); m != nil {
			flush()
			code, _ := strconv.Atoi(m[2])
			cur = &Message{Proto: m[1], Code: code, Reason: strings.TrimSpace(m[3]), Header: http.Header{}}
			inHeaders = true
			continue
		}
		switch {
		case cur == nil:
		case inHeaders && strings.TrimSpace(line) == "":
			inHeaders = false
		case inHeaders:
			if m := headerLine.FindStringSubmatch(line); m != nil {
				cur.Header.Add(textproto.CanonicalMIMEHeaderKey(m[1]), strings.TrimSpace(m[2]))
			} else {
				inHeaders = false
				body = append(body, line)
			}
		default:
			body = append(body, line)
		}
	}
	flush()
	if len(r.Messages) == 0 {
		return r, ErrNoResponse
	}
	return r, nil
}
