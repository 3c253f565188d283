package runner

import (
	"fmt"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// selectSections resolves --section and --from-section.
func selectSections(t *model.Tutorial, o Options) (map[*model.Section]bool, error) {
	sel := map[*model.Section]bool{}
	find := func(name string) (int, error) {
		for i, s := range t.Sections {
			if s.ID == name || strings.EqualFold(s.Title, name) {
				return i, nil
			}
		}
		return -1, &SelectionError{Name: name, Sections: t.Sections}
	}
	from := 0
	if o.FromSection != "" {
		i, err := find(o.FromSection)
		if err != nil {
			return nil, err
		}
		from = i
	}
	for i, s := range t.Sections {
		sel[s] = i >= from && len(o.Sections) == 0
	}
	for _, name := range o.Sections {
		i, err := find(name)
		if err != nil {
			return nil, err
		}
		sel[t.Sections[i]] = i >= from
	}
	return sel, nil
}

// SelectionError names a section that --section or --from-section asked
// for but the tutorial does not have.
type SelectionError struct {
	Name     string
	Sections []*model.Section
}

func (e *SelectionError) Error() string {
	ids := make([]string, len(e.Sections))
	for i, s := range e.Sections {
		ids[i] = s.ID
	}
	return fmt.Sprintf("no section %q (sections: %s)", e.Name, strings.Join(ids, ", "))
}
