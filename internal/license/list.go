package license

import (
	"context"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Filter narrows the list.
type Filter struct {
	Region, Agency, Status, PartyID string
	From, To                        string // 申请日期 range, YYYY-MM-DD
	Holder                          string // part of the holder's name, or its id number
	Page                            registry.Page
}

// MaxExport bounds an export, as the other lists' do.
const MaxExport = 10000

// where is f's conditions for p, checked, each refusal naming its field.
func (f *Filter) where(p *auth.Principal) (*store.Where, error) {
	w := &store.Where{}
	auth.FilterRegion(p, w, "l.region_code")
	if p != nil && p.Agency != "" {
		w.Add("? IN (l.agency_code, l.supervisor_code)", p.Agency)
	}
	bad := apperr.Fields{}
	if f.Region = strings.TrimSpace(f.Region); f.Region != "" {
		if ident.ValidateRegionCode(f.Region) != nil {
			bad.Set("region_code", "行政区划代码无效")
		} else if prefix := ident.RegionPrefix(f.Region); prefix != "" {
			w.Add("l.region_code >= ? AND l.region_code < ?", prefix, ident.PrefixEnd(prefix))
		}
	}
	if f.Agency = strings.TrimSpace(f.Agency); f.Agency != "" {
		w.Add("? IN (l.agency_code, l.supervisor_code)", ident.NormalizeUSCC(f.Agency))
	}
	if f.Status != "" {
		if _, ok := next[f.Status]; !ok || f.Status == Changed || f.Status == Renewed {
			bad.Set("status", "状态无效")
		} else {
			w.Add("l.status = ?", f.Status)
		}
	}
	if f.PartyID != "" {
		w.Add("l.party_id_number = ?", strings.ToUpper(strings.TrimSpace(f.PartyID)))
	}
	for _, d := range []struct{ field, v, op string }{{"from", f.From, ">="}, {"to", f.To, "<="}} {
		if d.v == "" {
			continue
		}
		if _, err := law.ParseDate(d.v); err != nil {
			bad.Set(d.field, "申请日期应为 YYYY-MM-DD")
			continue
		}
		w.Add("l.applied_on "+d.op+" ?", d.v)
	}
	if f.From != "" && f.To != "" && f.From > f.To && bad["from"] == "" && bad["to"] == "" {
		bad.Set("from", "申请日期起不能晚于申请日期止")
	}
	if f.Holder = strings.TrimSpace(f.Holder); f.Holder != "" {
		if len([]rune(f.Holder)) > 100 {
			bad.Set("holder", "申请人不能超过100字")
		} else {
			w.Add(`(l.party_name LIKE ? ESCAPE '\' OR l.party_id_number = ?)`, store.Like(f.Holder), strings.ToUpper(f.Holder))
		}
	}
	return w, bad.Err()
}

// List lists the licences p may see, newest first: in p's region and, for
// an agency-bound account, of its agency as licensing or supervising
// agency (auth.FilterRegion, as Get's auth.CanSee).
func (s *Service) List(ctx context.Context, p *auth.Principal, f *Filter) ([]*License, error) {
	w, err := f.where(p)
	if err != nil {
		return nil, err
	}
	f.Page.Normalize()
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM licenses l`+w.SQL(), w.Args...).Scan(&f.Page.Total); err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+licenseCols+` FROM licenses l`+w.SQL()+` ORDER BY l.id DESC LIMIT `+w.Arg(f.Page.Size)+
		` OFFSET `+w.Arg(f.Page.Offset()), w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*License{}
	for rows.Next() {
		r, err := scanLicense(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r.License)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for _, l := range out { // a page of at most 200, each an index lookup
		if l.Notices, err = noticeIDs(ctx, s.db.R, l.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ByID returns licence id for p, as Get does; outside p's reach it does
// not exist.
func (s *Service) ByID(ctx context.Context, p *auth.Principal, id int64) (*License, error) {
	l, err := get(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if !auth.CanSee(p, l.Target()) {
		return nil, apperr.NotFoundf("许可决定")
	}
	return l, nil
}

// NoticeRow is one notice sent for a licence, either way: the licensing
// agency's to the supervising one (准予、终止许可) or a penalty case's
// agency's to the licensing one (暂扣、吊销许可证件).
type NoticeRow struct {
	Kind                         string // NoticeGranted | NoticeRevoked | NoticePenalty
	CaseID                       int64  // the penalty case, for NoticePenalty
	AssistID                     int64
	Sender, SenderName           string
	Recipient, RecipientName     string
	Subject, Status, SentOn, Due string
}

// NoticeKinds name the notice kinds with their direction.
var NoticeKinds = []Option{
	{NoticeGranted, "准予许可：许可机关告知监管机关"}, {NoticeRevoked, "许可终止：许可机关告知监管机关"},
	{NoticePenalty, "暂扣、吊销许可证件：处罚机关告知许可机关"},
}

// NoticeKindLabel is the Chinese name of a notice kind, with its direction.
func NoticeKindLabel(v string) string {
	for _, o := range NoticeKinds {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// Notices are the notices sent for l (l as ByID returned it), oldest first.
func (s *Service) Notices(ctx context.Context, l *License) ([]NoticeRow, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT n.kind, n.case_id, n.assist_id, a.sender, COALESCE(sa.name, a.sender), a.recipient,
		COALESCE(ra.name, a.recipient), a.subject, a.status, a.sent_on, a.answer_due
		FROM license_notices n JOIN assists a ON a.id = n.assist_id
		LEFT JOIN agencies sa ON sa.code = a.sender LEFT JOIN agencies ra ON ra.code = a.recipient
		WHERE n.license_id = $1 ORDER BY n.assist_id`, l.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []NoticeRow
	for rows.Next() {
		var n NoticeRow
		if err := rows.Scan(&n.Kind, &n.CaseID, &n.AssistID, &n.Sender, &n.SenderName, &n.Recipient, &n.RecipientName, &n.Subject,
			&n.Status, &n.SentOn, &n.Due); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// StatusLabel is the Chinese name of a status.
func StatusLabel(v string) string {
	for _, o := range Statuses {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// Export writes the licences f selects for p as xlsx (at most MaxExport).
func (s *Service) Export(ctx context.Context, p *auth.Principal, f Filter, out io.Writer) error {
	if _, err := f.where(p); err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "行政许可"
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"编号", "来源系统", "来源编号", "许可机关", "监管机关", "区划", "许可事项", "许可证编号", "申请人",
		"申请日期", "受理日期", "准予日期", "状态", "告知数"}); err != nil {
		return err
	}
	row := 2
	for page := 1; row-2 < MaxExport; page++ {
		f.Page = registry.Page{Page: page, Size: 200}
		list, err := s.List(ctx, p, &f)
		if err != nil {
			return err
		}
		for _, l := range list {
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(cell, []any{l.ID, l.SourceSystem, l.SourceID, l.AgencyName, l.SupervisorCode, l.RegionCode, l.MatterCode,
				l.LicenseNo, l.Party.Name, l.Dates[Applied], l.Dates[Accepted], l.Dates[Granted], StatusLabel(l.Status), len(l.Notices)}); err != nil {
				return err
			}
			row++
		}
		if len(list) < f.Page.Size {
			break
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = x.WriteTo(out)
	return err
}
