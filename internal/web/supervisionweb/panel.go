package supervisionweb

import (
	"bytes"
	"context"
	htmltemplate "html/template"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
)

// From is what a page a supervision case may be opened from says about
// itself: the warning or the penalty case (or, with neither, the source and
// its reference: a complaint's tracking code), and what prefills the form.
type From struct {
	Region, Agency, Source string
	WarningID, CaseID      int64
	Ref, Summary           string
}

var panelTmpl = htmltemplate.Must(htmltemplate.New("panel").Funcs(funcs).Parse(`<section id="supervision-links">
<h2>监督案件</h2>
{{if .Cases}}<ul>{{range .Cases}}<li><a href="/supervision-cases/{{i64 .ID}}">监督案件 {{i64 .ID}}</a> {{statusLabel .Status}}：{{.Summary}}</li>{{end}}</ul>
{{else}}<p class="hint">尚无由此立的监督案件。</p>{{end}}
{{with .Open}}<p><a class="button" id="open-supervision" href="{{.}}">立监督案件</a></p>{{end}}
</section>`))

// Panel is the section a warning's, a penalty case's or a complaint's page
// shows: the supervision cases opened from it (the link back) and, for supervision
// of its region, the link that opens one prefilled. Nothing for who may
// see no supervision case there.
func Panel(ctx context.Context, db *store.DB, p *auth.Principal, f From) htmltemplate.HTML {
	if !auth.CanSeeSupervisionCase(p, f.Region, f.Agency) {
		return ""
	}
	list, err := supervision.NewService(db).Linked(ctx, p, supervision.Link{WarningID: f.WarningID, CaseID: f.CaseID, Source: f.Source, Ref: f.Ref})
	if err != nil {
		return htmltemplate.HTML(`<p class="error-box">监督案件暂时无法显示。</p>`)
	}
	var buf bytes.Buffer
	_ = panelTmpl.Execute(&buf, struct {
		Cases []*supervision.Case
		Open  string
	}{list, NewLink(p, f.Region, f.Agency, f.Source, f.WarningID, f.CaseID, f.Ref, f.Summary)})
	return htmltemplate.HTML(buf.String())
}
