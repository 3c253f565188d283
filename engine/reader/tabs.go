package reader

import (
	"fmt"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// heading starts a section, as a tab of a group of alternatives when it is
// one.
func (b *builder) heading(it item) {
	m := tabHeading.FindStringSubmatch(it.raw)
	if m == nil {
		if b.tab != nil && it.level <= b.tabLevel {
			b.tab = nil // a heading above the tabs ends the group
		}
		b.startSection(it.title, it.level, it.line)
		if b.tab != nil {
			b.inheritTab()
		} else if otherPlatformHeading.MatchString(it.title) && !strings.Contains(strings.ToLower(it.title), "linux") {
			b.section.Skip = fmt.Sprintf("alternative for another platform (%s): tutor runs the Linux steps", strings.TrimSpace(it.title))
		}
		return
	}
	if b.tab == nil {
		b.tabGroups++
		b.tab = &model.Tab{Group: b.tabGroups, Default: true}
		b.tabLevel = it.level
		b.tabTitle = b.sectionTitle()
	} else {
		b.tab = &model.Tab{Group: b.tabGroups}
	}
	b.tab.Name, b.tab.ID = strings.TrimSpace(m[1]), m[2]
	if b.tab.Default {
		b.tabDefault = b.tab.Name
	}
	b.startSection(b.tab.Name, it.level, it.line)
	b.inheritTab()
}

// inheritTab marks the current section as part of the open tab.
func (b *builder) inheritTab() {
	t := *b.tab
	b.section.Tab = &t
	if !t.Default {
		b.section.Skip = fmt.Sprintf("alternative tab %q: the first tab, %q, runs (choose another with --tab)", t.Name, b.tabDefault)
	}
}

// sectionTitle is the title of the current section, or "".
func (b *builder) sectionTitle() string {
	if b.section == nil {
		return ""
	}
	return b.section.Title
}

// endTabs closes a group of tabs at a thematic break: what follows is part
// of the page again, in a section of its own.
func (b *builder) endTabs(line int) {
	if b.tab == nil {
		return
	}
	b.tab = nil
	title := b.tabTitle
	if title == "" {
		title = "After the tabs"
	} else {
		title += " (after the tabs)"
	}
	b.flushPending()
	b.startSection(title, b.tabLevel, line)
}
