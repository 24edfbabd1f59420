package cases

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Filter selects cases for lists (UI and API). Zero fields do not filter.
type Filter struct {
	Q          string // case_no, title, party name, source id (substring)
	Agency     string
	Region     string
	Matter     string
	Status     string
	Procedure  string
	HasWarning bool   // only cases with open warnings
	Sort       string // "" (newest first) | "deadline"
	registry.Page
}

// WarningFilter selects warnings (GET /api/v1/warnings, the warnings page).
type WarningFilter struct {
	SourceSystem, SourceID string
	CaseID                 int64
	Rule, Agency, Region   string
	Status                 string // open (default) | resolved | all
	Severity               string
	registry.Page
}

// HistoryItem is one earlier decided case of the same party (首违不罚, C4).
type HistoryItem struct {
	CaseID    int64  `json:"case_id"`
	CaseNo    string `json:"case_no"`
	Source    string `json:"source"`
	Agency    string `json:"agency_name"`
	Matter    string `json:"matter_code"`
	DecidedOn string `json:"decided_on"`
	Outcome   string `json:"outcome"`
	FineFen   int64  `json:"fine_fen"`
}

// blocking are the rules the UI enforces before an act is recorded: an act
// that would make one of them fire anew is refused with its message, so a
// case handled in zfjd cannot break them (time limits are not refused: a
// late act must still be recorded, and its warning stays).
var blocking = []string{"OFFICERS_INSUFFICIENT", "CERTIFICATE_INVALID", "REVIEWER_CONFLICT", "LEGAL_REVIEW_MISSING",
	"NOTICE_MISSING", "HEARING_RIGHT_MISSING", "SUMMARY_OVER_LIMIT", "NO_PENALTY_DUE", "MINOR_NOT_MITIGATED",
	"FINE_OUT_OF_RANGE", "TRANSFER_MISSING", "HEARING_NOTICE_LATE", "LIMITATION_EXPIRED"}

// officerActs are the UI acts done by (at least two) named officers with
// valid certificates (处罚法 Art. 42).
var officerActs = []string{"discovered", "filed", "investigation", "investigation_concluded", "evidence_preserved", "seized", "seizure_extended",
	"seizure_released", "notified", "hearing_noticed", "delivered", "transfer_proposed", "transferred"}

// Create registers a new case in zfjd's own UI (线索登记). The first event
// (discovered) carries the registering officers.
func Create(ctx context.Context, db *store.DB, p *auth.Principal, c *Case, first Event) (*Case, error) {
	c.SourceSystem = SourceZFJD
	first.Type = "discovered"
	c.Events = []Event{first}
	// Two registrations at once may count the same number: the unique
	// (source_system, source_id) refuses one, and UpsertTx runs it again.
	err := db.UpsertTx(ctx, func(tx *sql.Tx) error {
		if !auth.CanAct(p, "discovered", c.Target()) {
			return apperr.New(apperr.Forbidden, "无权为该执法主体登记案件")
		}
		n, err := nextCaseNumber(ctx, tx, c.AgencyCode, today().Y)
		if err != nil {
			return err
		}
		c.CaseNo = fmt.Sprintf("%d-%05d", today().Y, n)
		c.SourceID = c.AgencyCode + "-" + c.CaseNo
		if err := c.normalize(today()); err != nil {
			return err
		}
		if msg := registry.CheckRegion(ctx, tx, c.RegionCode); msg != "" {
			return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"region_code": msg}}
		}
		if err := checkAct(ctx, tx, c, nil); err != nil {
			return err
		}
		if err := save(ctx, tx, c); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "create", "case", c.SourceSystem+"/"+c.SourceID, c.RegionCode, nil, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// nextCaseNumber counts the agency's zfjd cases of a year.
func nextCaseNumber(ctx context.Context, tx *sql.Tx, agency string, year int) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE source_system = $1 AND agency_code = $2 AND case_no LIKE $3`,
		SourceZFJD, agency, fmt.Sprintf("%d-%%", year)).Scan(&n)
	return n + 1, err
}

// Append records one act on a zfjd case, after the checks the law puts on
// it: the role may do it (办、审、定分离, authz.go), and it makes none of the
// blocking rules fire anew (two officers with certificates valid that day,
// reviewer and hearing host not investigators, review before decision ...).
func Append(ctx context.Context, db *store.DB, p *auth.Principal, id int64, ev Event) (*Case, error) {
	var out *Case
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		c, err := getCase(ctx, tx, `id = $1`, id)
		if err != nil {
			return err
		}
		if !auth.CanSeeCase(p, c.Target()) {
			return apperr.NotFoundf("案件")
		}
		onSpot := c.Procedure == "summary" && ev.Type == "decided" && auth.CanDecideOnSpot(p, c.Target())
		if !onSpot && !auth.CanAct(p, ev.Type, c.Target()) {
			return apperr.New(apperr.Forbidden, "您的角色无权办理“%s”", labelOf(ev.Type))
		}
		if c.SourceSystem != SourceZFJD {
			return apperr.New(apperr.Conflict, "该案件由%s报送，只能在来源系统中办理", c.SourceSystem)
		}
		if c.Status == "archived" {
			return apperr.New(apperr.Conflict, "案件已归档，不能再办理")
		}
		ev.Actor = p.Name
		f := apperr.Fields{}
		ev.normalize(f, "event", today())
		if err := f.Err(); err != nil {
			return err
		}
		before := *c
		c.Events = append(slices.Clone(c.Events), ev)
		if err := checkAct(ctx, tx, c, &before); err != nil {
			return err
		}
		if err := save(ctx, tx, c); err != nil {
			return err
		}
		out = c
		return audit.Record(ctx, tx, p, "act:"+ev.Type, "case", c.SourceSystem+"/"+c.SourceID, c.RegionCode, nil, ev)
	})
	if err != nil {
		return nil, err
	}
	return out, attachView(ctx, db.R, out)
}

// checkAct refuses the last event of c when the law forbids it; before is
// the case without it (nil for a new case).
func checkAct(ctx context.Context, tx *sql.Tx, c *Case, before *Case) error {
	ev := &c.Events[len(c.Events)-1]
	env, err := loadEnv(ctx, tx, c)
	if err != nil {
		return err
	}
	f := apperr.Fields{}
	if slices.Contains(officerActs, ev.Type) {
		valid := 0
		for _, o := range ev.Officers {
			if cert, ok := env.Officers[o]; ok && cert.validOn(ev.when.Date.String()) {
				valid++
			}
		}
		if valid < 2 {
			f.Set("officers", "须由两名以上持有当日有效执法证件的执法人员办理（《行政处罚法》第四十二条）")
		}
	}
	switch ev.Type {
	case "legal_review":
		if ev.Reviewer == "" {
			f.Set("reviewer", "请选择法制审核人员")
		}
	case "hearing_held":
		if ev.Host == "" {
			f.Set("host", "请选择听证主持人")
		}
	case "decided":
		if dev := ev.DeviationReason; dev != nil && strings.TrimSpace(*dev) != "" && !passedReview(c) {
			f.Set("deviation_reason", "罚款偏离裁量基准须先经法制审核通过（《行政处罚法》第五十八条）")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	old := map[string]bool{}
	if before != nil {
		benv := *env
		for _, w := range Judge(before, &benv).Warnings {
			old[w.Rule+"|"+w.key] = true
		}
	}
	var msgs []string
	for _, w := range Judge(c, env).Warnings {
		if slices.Contains(blocking, w.Rule) && !old[w.Rule+"|"+w.key] {
			msgs = append(msgs, w.Message)
		}
	}
	if len(msgs) > 0 {
		return &apperr.Error{Code: apperr.Invalid, Message: "不能办理：" + strings.Join(msgs, "；"),
			Fields: apperr.Fields{"event": strings.Join(msgs, "；")}}
	}
	return nil
}

func passedReview(c *Case) bool {
	var last *Event
	for i := range c.Events {
		if c.Events[i].Type == "legal_review" {
			last = &c.Events[i]
		}
	}
	return last != nil && last.Result == "pass"
}

// UpdateCase changes what the officers know about a zfjd case before it is
// decided: title, matter, party and facts.
func UpdateCase(ctx context.Context, db *store.DB, p *auth.Principal, id int64, in *Case) (*Case, error) {
	var out *Case
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		c, err := getCase(ctx, tx, `id = $1`, id)
		if err != nil {
			return err
		}
		if !auth.CanSeeCase(p, c.Target()) {
			return apperr.NotFoundf("案件")
		}
		if !auth.CanAct(p, "investigation", c.Target()) && !auth.CanAct(p, "filed", c.Target()) {
			return apperr.New(apperr.Forbidden, "无权修改该案件")
		}
		if c.SourceSystem != SourceZFJD {
			return apperr.New(apperr.Conflict, "该案件由%s报送，只能在来源系统中修改", c.SourceSystem)
		}
		for _, e := range c.Events {
			if e.Type == "decided" {
				return apperr.New(apperr.Conflict, "案件已作出决定，不能再修改案情")
			}
		}
		before := *c
		c.Title, c.MatterCode, c.Party, c.Facts = in.Title, in.MatterCode, in.Party, in.Facts
		if in.Procedure != "" {
			c.Procedure = in.Procedure
		}
		if err := c.normalize(today()); err != nil {
			return err
		}
		if err := save(ctx, tx, c); err != nil {
			return err
		}
		out = c
		return audit.Record(ctx, tx, p, "update", "case", c.SourceSystem+"/"+c.SourceID, c.RegionCode, &before, c)
	})
	if err != nil {
		return nil, err
	}
	return out, attachView(ctx, db.R, out)
}
