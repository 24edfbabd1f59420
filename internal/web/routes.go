package web

import (
	"io/fs"
	"net/http"
)

func (s *Server) routes(mux *http.ServeMux) {
	h := func(pattern string, fn http.HandlerFunc) { s.handle(mux, pattern, fn) }
	ui := func(pattern string, fn http.HandlerFunc) { s.handle(mux, pattern, s.requireLogin(fn)) }

	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	h("GET /healthz", s.healthz)
	mux.Handle("GET /metrics", s.metrics.handler())

	h("GET /login", s.loginForm)
	h("POST /login", s.login)
	h("POST /logout", s.logout)

	ui("GET /{$}", s.home)
	ui("GET /soon/{key}", s.soonPage)
	ui("GET /regions", s.regionList)
	ui("GET /agencies", s.agencyList)
	ui("GET /agencies/new", s.agencyNew)
	ui("POST /agencies/new", s.agencyCreate)
	ui("GET /agencies/{code}", s.agencyShow)
	ui("GET /agencies/{code}/edit", s.agencyEdit)
	ui("POST /agencies/{code}/edit", s.agencyUpdate)
	ui("POST /agencies/{code}/case-rules", s.agencyCaseRules)
	ui("GET /officers", s.officerList)
	ui("GET /officers/new", s.officerNew)
	ui("POST /officers/new", s.officerCreate)
	ui("GET /officers/import", s.importForm("officers"))
	ui("POST /officers/import", s.importRun("officers"))
	ui("GET /officers/import/template", s.importTemplate("officers"))
	ui("GET /officers/{cert}", s.officerShow)
	ui("GET /officers/{cert}/edit", s.officerEdit)
	ui("POST /officers/{cert}/edit", s.officerUpdate)
	ui("POST /officers/{cert}/status", s.officerStatus)
	ui("POST /officers/{cert}/years", s.officerYear)
	ui("GET /officers/{cert}/qr.png", s.officerQR)
	ui("GET /matters", s.matterList)
	ui("GET /matters/new", s.matterNew)
	ui("POST /matters/new", s.matterCreate)
	ui("GET /matters/import", s.importForm("matters"))
	ui("POST /matters/import", s.importRun("matters"))
	ui("GET /matters/import/template", s.importTemplate("matters"))
	ui("GET /matters/{code}", s.matterShow)
	ui("GET /matters/{code}/edit", s.matterEdit)
	ui("POST /matters/{code}/edit", s.matterUpdate)
	ui("GET /discretion", s.discretionList)
	ui("GET /discretion/import", s.discretionImportForm)
	ui("POST /discretion/import", s.discretionImportRun)
	ui("GET /discretion/template.xlsx", s.discretionTemplate)
	ui("GET /discretion/export.xlsx", s.discretionExport)
	ui("GET /discretion/{matter_code}", s.discretionShow)
	ui("POST /discretion/{matter_code}", s.discretionSave)
	ui("GET /lists", s.listsPage)
	ui("GET /lists/new", s.listNew)
	ui("POST /lists/new", s.listCreate)
	ui("GET /lists/{id}/edit", s.listEdit)
	ui("POST /lists/{id}/edit", s.listUpdate)
	ui("POST /lists/{id}/delete", s.listDelete)
	ui("GET /audit", s.auditList)
	ui("GET /accounts", s.accountList)
	ui("POST /accounts", s.accountCreate)
	ui("GET /integration", s.integrationPage)
	ui("GET /cases", s.caseList)
	ui("GET /cases/new", s.caseNew)
	ui("POST /cases/new", s.caseCreate)
	ui("GET /cases/{id}", s.caseShow)
	ui("GET /cases/{id}/edit", s.caseEdit)
	ui("POST /cases/{id}/edit", s.caseUpdate)
	ui("POST /cases/{id}/act/{type}", s.caseAct)
	ui("POST /cases/{id}/evidence", s.caseEvidenceAdd)
	ui("GET /cases/{id}/evidence/{file}", s.caseEvidenceFile)
	ui("GET /cases/{id}/docs", s.caseDocs)
	ui("GET /cases/{id}/docs/{kind}", s.caseDoc) // {kind} or {kind}.docx; reads only
	ui("POST /cases/{id}/docs/{kind}/issue", s.caseDocIssue)
	ui("GET /agencies/{code}/doc-prefix", s.docPrefixForm)
	ui("POST /agencies/{code}/doc-prefix", s.docPrefixSave)
	ui("GET /calendar", s.calendarList)
	ui("GET /calendar/{year}", s.calendarShow)
	ui("POST /calendar/{year}", s.calendarSave)

	h("GET /verify/{token}", s.verifyPage)
	h("GET /public", s.publicHome)
	h("GET /public/agencies", s.publicAgencies)
	h("GET /public/officers", s.publicOfficers)
	h("GET /public/matters", s.publicMatters)
	h("GET /public/decisions", s.publicDecisions)
	h("GET /public/decisions/{id}", s.publicDecision)

	h("GET /api/openapi.yaml", s.openapi)
	api := func(pattern string, fn http.HandlerFunc) { s.handle(mux, pattern, s.requireToken(fn)) }
	api("GET /api/v1/agencies", s.apiAgencyList)
	api("GET /api/v1/agencies/{code}", s.apiAgencyGet)
	api("PUT /api/v1/agencies/{code}", s.apiAgencyPut)
	api("GET /api/v1/officers", s.apiOfficerList)
	api("GET /api/v1/officers/{cert}", s.apiOfficerGet)
	api("PUT /api/v1/officers/{cert}", s.apiOfficerPut)
	api("GET /api/v1/matters", s.apiMatterList)
	api("GET /api/v1/matters/{code}", s.apiMatterGet)
	api("PUT /api/v1/matters/{code}", s.apiMatterPut)
	api("GET /api/v1/benchmarks", s.apiBenchmarkList)
	api("GET /api/v1/benchmarks/{matter_code}", s.apiBenchmarkGet)
	api("PUT /api/v1/benchmarks/{matter_code}", s.apiBenchmarkPut)
	api("GET /api/v1/calendar", s.apiCalendarList)
	api("GET /api/v1/calendar/{year}", s.apiCalendarGet)
	api("PUT /api/v1/calendar/{year}", s.apiCalendarPut)
	api("GET /api/v1/cases", s.apiCaseList)
	api("GET /api/v1/cases/{source_system}/{source_id}", s.apiCaseGet)
	api("PUT /api/v1/cases/{source_system}/{source_id}", s.apiCasePut)
	api("GET /api/v1/warnings", s.apiWarningList)
	h("/api/", s.apiNotFound)
}

func cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.db.R.PingContext(r.Context()); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
