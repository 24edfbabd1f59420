package coordweb

import (
	"net/http"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/flow"
	"zfjd/internal/web/webkit"
)

// actForm is the form of one act a viewer may take on a coordination
// page (a dispute's, a transfer's, a joint action's, a meeting's, an
// assist's), with what it last sent and why that failed.
type actForm[S, I any] struct {
	*flow.Act[S]
	In     I
	Errors apperr.Fields
	Msg    string
}

// sent is an act's input as a form sent it (action "" when none failed).
type sent[I any] struct {
	action string
	in     I
}

// actForms are the forms of the acts d offers p in state s, those onSide
// says p's organisation takes (nil: all), each filled with blank — or,
// for the act that just failed (failed.action), with what was sent and
// ferr's fields and message.
func actForms[S, I any](d *flow.Definition[S], s S, p *auth.Principal, onSide func(t string) bool, blank I, failed sent[I],
	ferr error) []actForm[S, I] {
	var out []actForm[S, I]
	for _, a := range d.Offered(s, p.Role) {
		if onSide != nil && !onSide(a.Type) {
			continue
		}
		f := actForm[S, I]{Act: a, In: blank}
		if a.Type == failed.action {
			e := apperr.As(ferr)
			f.In, f.Errors, f.Msg = failed.in, e.Fields, e.Message
		}
		out = append(out, f)
	}
	return out
}

// nextOf is the 下一步 of a coordination page (webkit.NextOf over the
// subject's definition): why says, for an act the viewer's role records,
// why the viewer still cannot record it here (nil: the role is enough);
// done is said when nothing is left to do.
func nextOf[S any](d *flow.Definition[S], s S, p *auth.Principal, why func(t string) string, done string) webkit.Next {
	var elsewhere func(a *flow.Act[S]) string
	if why != nil {
		elsewhere = func(a *flow.Act[S]) string { return why(a.Type) }
	}
	n := webkit.NextOf(d, s, p, elsewhere)
	n.Done = done
	return n
}

// actFailed answers a failed act of a coordination page: a refusal of the
// state, the form or the side shows the page again with the act's form
// (page, with the status of the refusal); anything else is an error page.
func (h *Handler) actFailed(w http.ResponseWriter, r *http.Request, err error, page func(status int)) {
	switch code := apperr.As(err).Code; code {
	case apperr.Invalid, apperr.Conflict, apperr.Forbidden:
		page(webkit.HTTPStatus(code))
	default:
		h.UIError(w, r, err)
	}
}
