package complaintweb

import (
	"fmt"
	"net/http"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/complaint"
	"zfjd/internal/web/webkit"
)

// The 12345 hotline's work orders: the import page (the whole file checked
// first, row errors listed) and the answers exported back in its layout.

type hotlineData struct {
	Columns []string
	Result  *complaint.HotlineResult
	Message string
}

// maxImport bounds an uploaded workbook.
const maxImport = 20 << 20

func (h *Handler) hotline(w http.ResponseWriter, r *http.Request) {
	h.renderHotline(w, r, http.StatusOK, nil, nil)
}

func (h *Handler) renderHotline(w http.ResponseWriter, r *http.Request, status int, res *complaint.HotlineResult, ferr error) {
	if !isSupervisionRole(auth.From(r.Context())) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "12345热线工单由执法监督机构导入"))
		return
	}
	d := &hotlineData{Columns: complaint.HotlineColumns, Result: res}
	if ferr != nil {
		d.Message = apperr.As(ferr).Message
	}
	h.Render(w, r, status, "hotline", &webkit.View{Title: "12345热线工单", Active: "complaints", Data: d})
}

func (h *Handler) hotlineImport(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxImport)
	file, _, err := r.FormFile("file")
	if err != nil {
		h.renderHotline(w, r, http.StatusBadRequest, nil, apperr.New(apperr.Invalid, "请选择12345热线导出的 .xlsx 文件（不超过20MB）"))
		return
	}
	defer file.Close()
	res, err := h.svc.ImportHotline(r.Context(), auth.From(r.Context()), file)
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.renderHotline(w, r, status, nil, err) })
		return
	}
	if len(res.Errors) > 0 {
		h.renderHotline(w, r, http.StatusBadRequest, res, nil)
		return
	}
	h.Flash(r, fmt.Sprintf("已导入%d件工单（合并重复行%d行，已导入过的%d件跳过）。", res.Imported, res.Merged, res.Skipped))
	http.Redirect(w, r, "/complaints?source=hotline", http.StatusSeeOther)
}

func (h *Handler) hotlineExport(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="hotline-answers.xlsx"`)
	if err := h.svc.ExportHotline(r.Context(), h.ReadDB(), auth.From(r.Context()), w); err != nil {
		h.Log.Error("hotline export", "err", err)
	}
}
