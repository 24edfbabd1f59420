package review

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// File statuses.
const (
	FileUnassigned = "unassigned"
	FileScoring    = "scoring"   // reviewers assigned, scoring independently
	FileReconcile  = "reconcile" // scores too far apart, or vetoes differ
	FileFinal      = "final"
)

// File is one drawn case file with its reviewers' sheets: a penalty case
// (CaseID) or an inspection (Kind KindInspection, InspectionID).
type File struct {
	ID, CampaignID, CaseID int64
	Kind                   string
	InspectionID           int64
	AgencyCode, RegionCode string
	CaseNo, CaseTitle      string
	Prefill                Sheet
	Status                 string
	FinalScore             int
	FinalVeto              []string
	FinalDeductions        map[string]int // the agreed or reconciled deductions
	Verdict, Note          string
	SupervisionCaseID      int64
	Scores                 []Mark
}

// Mark is one reviewer's sheet on a file.
type Mark struct {
	Reviewer  string
	Sheet     Sheet
	Score     int
	Note      string
	Submitted bool
}

const fileCols = `f.id, f.campaign_id, f.case_id, f.case_kind, f.inspection_id, f.agency_code, f.region_code,
	COALESCE(c.case_no, i.code, ''), COALESCE(c.title, i.enterprise_name, ''), f.prefill,
	f.status, f.final_score, f.final_veto, f.final_deductions, f.verdict, f.note, f.supervision_case_id`

// fileFrom joins a file to its penalty case or its inspection (an
// inspection file's case_id is minus its inspection's id: no case).
const fileFrom = ` FROM review_files f LEFT JOIN cases c ON c.id = f.case_id LEFT JOIN inspections i ON i.id = f.inspection_id`

// Label names the file in a list: its case or inspection number, else
// its kind and id.
func (f *File) Label() string {
	switch {
	case f.CaseNo != "":
		return f.CaseNo
	case f.Kind == KindInspection:
		return "检查" + strconv.FormatInt(f.InspectionID, 10)
	}
	return "案件" + strconv.FormatInt(f.CaseID, 10)
}

// KindLabel is the file's case kind in Chinese.
func (f *File) KindLabel() string { return CaseKindLabel(f.Kind) }

func scanFile(row interface{ Scan(...any) error }) (*File, error) {
	f := &File{}
	var pre, veto, ded string
	err := row.Scan(&f.ID, &f.CampaignID, &f.CaseID, &f.Kind, &f.InspectionID, &f.AgencyCode, &f.RegionCode, &f.CaseNo, &f.CaseTitle, &pre, &f.Status,
		&f.FinalScore, &veto, &ded, &f.Verdict, &f.Note, &f.SupervisionCaseID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("评查案卷")
	}
	if err != nil {
		return nil, err
	}
	if f.Kind == KindInspection {
		f.CaseID = 0
	}
	_ = json.Unmarshal([]byte(pre), &f.Prefill)
	if veto != "" {
		_ = json.Unmarshal([]byte(veto), &f.FinalVeto)
	}
	_ = json.Unmarshal([]byte(ded), &f.FinalDeductions)
	return f, nil
}

func loadFile(ctx context.Context, q store.Querier, id int64) (*File, error) {
	f, err := scanFile(q.QueryRowContext(ctx, `SELECT `+fileCols+fileFrom+` WHERE f.id = $1`, id))
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT reviewer, vetoes, deductions, score, note, submitted_at FROM review_scores WHERE file_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m Mark
		var v, d string
		var at int64
		if err := rows.Scan(&m.Reviewer, &v, &d, &m.Score, &m.Note, &at); err != nil {
			return nil, err
		}
		_ = json.Unmarshal([]byte(v), &m.Sheet.Vetoes)
		_ = json.Unmarshal([]byte(d), &m.Sheet.Deductions)
		m.Submitted = at > 0
		f.Scores = append(f.Scores, m)
	}
	return f, rows.Err()
}

// Files lists the campaign's files p may see: all for the body, its own
// assignments for a reviewer, its agency's once published.
func (s *Service) Files(ctx context.Context, p *auth.Principal, c *Campaign) ([]*File, error) {
	w := &store.Where{}
	w.Add("f.campaign_id = ?", c.ID)
	switch {
	case IsBody(p, c):
	case p.Agency != "" && c.Status == CampaignPublished:
		w.Add("f.agency_code = ?", p.Agency)
	default:
		w.Add("EXISTS (SELECT 1 FROM review_scores r WHERE r.file_id = f.id AND r.reviewer = ?)", p.Username)
	}
	return listFiles(ctx, s.db.R, w)
}

// listFiles lists the files of w, by agency, kind (penalty before
// inspection, as CaseKinds orders them) and case or inspection.
func listFiles(ctx context.Context, q store.Querier, w *store.Where) ([]*File, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+fileCols+fileFrom+w.SQL()+
		` ORDER BY f.agency_code, f.case_kind DESC, f.inspection_id, f.case_id`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*File{}
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// File returns file id as p may see it (the body, an assigned reviewer —
// who sees only their own sheet until the file is settled — or the
// agency once published).
func (s *Service) File(ctx context.Context, p *auth.Principal, id int64) (*File, *Campaign, error) {
	f, err := loadFile(ctx, s.db.R, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := loadCampaign(ctx, s.db.R, f.CampaignID)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case slices.ContainsFunc(f.Scores, func(m Mark) bool { return m.Reviewer == p.Username }):
		// Independent scoring: until the file settles a reviewer (even one
		// of the body) sees only their own sheet.
		if f.Status == FileScoring {
			f.Scores = slices.DeleteFunc(f.Scores, func(m Mark) bool { return m.Reviewer != p.Username })
		}
	case IsBody(p, c):
	case p.Agency != "" && p.Agency == f.AgencyCode && c.Status == CampaignPublished:
		f.Scores = nil
	default:
		return nil, nil, apperr.NotFoundf("评查案卷")
	}
	return f, c, nil
}

// Assign gives file id to reviewers (account usernames, at least two):
// each then scores it on their own.
func (s *Service) Assign(ctx context.Context, p *auth.Principal, id int64, reviewers []string) error {
	var rs []string
	for _, r := range reviewers {
		if r = strings.TrimSpace(r); r != "" && !slices.Contains(rs, r) {
			rs = append(rs, r)
		}
	}
	if len(rs) < 2 {
		return &apperr.Error{Code: apperr.Invalid, Message: "每份案卷至少由两名评查人员评分", Fields: apperr.Fields{"reviewers": "请选择至少两名评查人员"}}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		f, c, err := s.bodyFile(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if f.Status != FileUnassigned {
			return apperr.New(apperr.Conflict, "案卷已分配，评分已开始")
		}
		for _, r := range rs {
			var role, region string
			err := tx.QueryRowContext(ctx, `SELECT role, region_code FROM accounts WHERE username = $1 AND disabled = 0`, r).Scan(&role, &region)
			if errors.Is(err, sql.ErrNoRows) {
				return &apperr.Error{Code: apperr.Invalid, Message: "评查人员无效", Fields: apperr.Fields{"reviewers": "没有账号“" + r + "”"}}
			}
			if err != nil {
				return err
			}
			if !auth.CanBeReviewer(auth.Role(role), region, c.BodyRegion) {
				return &apperr.Error{Code: apperr.Invalid, Message: "评查人员无效",
					Fields: apperr.Fields{"reviewers": "账号“" + r + "”不能担任本次评查的评查人员"}}
			}
			pre, _ := json.Marshal(f.Prefill.Vetoes)
			ded, _ := json.Marshal(f.Prefill.Deductions)
			if _, err := tx.ExecContext(ctx, `INSERT INTO review_scores (file_id, reviewer, vetoes, deductions) VALUES ($1,$2,$3,$4)`,
				id, r, string(pre), string(ded)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE review_files SET status = 'scoring' WHERE id = $1`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "assign", "review_file", strconv.FormatInt(id, 10), c.BodyRegion, nil, rs)
	})
}

func (s *Service) bodyFile(ctx context.Context, tx *sql.Tx, p *auth.Principal, id int64) (*File, *Campaign, error) {
	f, err := loadFile(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := loadCampaign(ctx, tx, f.CampaignID)
	if err != nil {
		return nil, nil, err
	}
	if !IsBody(p, c) {
		return nil, nil, apperr.NotFoundf("评查案卷")
	}
	if c.Status == CampaignPublished {
		return nil, nil, apperr.New(apperr.Conflict, "评查结果已公布")
	}
	return f, c, nil
}

// Submit records p's sheet on file id (p an assigned reviewer). When the
// last reviewer submits, the file settles: the mean of the scores when
// they agree on vetoes and lie within the campaign's threshold, else
// reconciliation.
func (s *Service) Submit(ctx context.Context, p *auth.Principal, id int64, sh Sheet, note string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		f, err := loadFile(ctx, tx, id)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(f.Scores, func(m Mark) bool { return m.Reviewer == p.Username }) {
			return apperr.NotFoundf("评查案卷")
		}
		if f.Status != FileScoring {
			return apperr.New(apperr.Conflict, "案卷已评定，不能再修改评分")
		}
		c, err := loadCampaign(ctx, tx, f.CampaignID)
		if err != nil {
			return err
		}
		std, err := LoadStandard(ctx, tx, c.StandardFor(f.Kind))
		if err != nil {
			return err
		}
		score, err := Score(std, sh)
		if err != nil {
			return err
		}
		slices.Sort(sh.Vetoes)
		v, _ := json.Marshal(nonNil(sh.Vetoes))
		d, _ := json.Marshal(sh.Deductions)
		if _, err := tx.ExecContext(ctx, `UPDATE review_scores SET vetoes = $3, deductions = $4, score = $5, note = $6, submitted_at = $7
			WHERE file_id = $1 AND reviewer = $2`, id, p.Username, string(v), string(d), score, strings.TrimSpace(note), clock.Millis(ctx)); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, p, "score", "review_file", strconv.FormatInt(id, 10), f.RegionCode, nil,
			map[string]any{"sheet": sh, "score": score}); err != nil {
			return err
		}
		f, err = loadFile(ctx, tx, id)
		if err != nil {
			return err
		}
		return settle(ctx, tx, f, c.Threshold)
	})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// settle makes a file whose sheets are all in final, or sends it to
// reconciliation (vetoes differ, or the scores lie more than threshold apart).
func settle(ctx context.Context, tx *sql.Tx, f *File, threshold int) error {
	lo, hi, sum := math.MaxInt, 0, 0
	for _, m := range f.Scores {
		if !m.Submitted {
			return nil
		}
		lo, hi, sum = min(lo, m.Score), max(hi, m.Score), sum+m.Score
	}
	agree := true
	for _, m := range f.Scores[1:] {
		agree = agree && slices.Equal(m.Sheet.Vetoes, f.Scores[0].Sheet.Vetoes)
	}
	if !agree || hi-lo > threshold {
		_, err := tx.ExecContext(ctx, `UPDATE review_files SET status = 'reconcile' WHERE id = $1`, f.ID)
		return err
	}
	score := int(math.Round(float64(sum) / float64(len(f.Scores))))
	return final(ctx, tx, f.ID, score, Sheet{Vetoes: f.Scores[0].Sheet.Vetoes, Deductions: agreedDeductions(f.Scores)}, "")
}

func final(ctx context.Context, tx *sql.Tx, id int64, score int, sh Sheet, note string) error {
	v, _ := json.Marshal(nonNil(sh.Vetoes))
	d, _ := json.Marshal(positive(sh.Deductions))
	_, err := tx.ExecContext(ctx, `UPDATE review_files SET status = 'final', final_score = $2, final_veto = $3, verdict = $4, note = $5,
		final_deductions = $6 WHERE id = $1`, id, score, string(v), Verdict(score, len(sh.Vetoes) > 0), note, string(d))
	return err
}

// Reconcile settles a file in reconciliation with the body's sheet and its note.
func (s *Service) Reconcile(ctx context.Context, p *auth.Principal, id int64, sh Sheet, note string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		f, c, err := s.bodyFile(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if f.Status != FileReconcile {
			return apperr.New(apperr.Conflict, "案卷不在合议状态")
		}
		if strings.TrimSpace(note) == "" {
			return &apperr.Error{Code: apperr.Invalid, Message: "请填写合议意见", Fields: apperr.Fields{"note": "请填写合议意见"}}
		}
		std, err := LoadStandard(ctx, tx, c.StandardFor(f.Kind))
		if err != nil {
			return err
		}
		score, err := Score(std, sh)
		if err != nil {
			return err
		}
		if err := final(ctx, tx, id, score, sh, strings.TrimSpace(note)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "reconcile", "review_file", strconv.FormatInt(id, 10), f.RegionCode, nil,
			map[string]any{"sheet": sh, "score": score, "note": note})
	})
}

// Result is one agency's published result.
type Result struct {
	AgencyCode, AgencyName string
	Files, Failed          int
	Average                float64
}

// Results are the per-agency results of a published campaign (for the
// body also before), narrowed to p's agency for an agency account.
func (s *Service) Results(ctx context.Context, p *auth.Principal, c *Campaign) ([]Result, error) {
	files, err := s.Files(ctx, p, c)
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, f := range files {
		if f.Status != FileFinal {
			continue
		}
		if n := len(out); n == 0 || out[n-1].AgencyCode != f.AgencyCode {
			out = append(out, Result{AgencyCode: f.AgencyCode})
		}
		r := &out[len(out)-1]
		r.Average = (r.Average*float64(r.Files) + float64(f.FinalScore)) / float64(r.Files+1)
		r.Files++
		if f.Verdict == VerdictFail {
			r.Failed++
		}
	}
	for i := range out {
		_ = s.db.R.QueryRowContext(ctx, `SELECT name FROM agencies WHERE code = $1`, out[i].AgencyCode).Scan(&out[i].AgencyName)
	}
	return out, nil
}
