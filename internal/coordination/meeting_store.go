package coordination

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// MeetingOpening is what convenes a joint meeting.
type MeetingOpening struct {
	Title    string    `json:"title"`
	Agenda   string    `json:"agenda"`
	HeldOn   string    `json:"held_on"`
	Members  []string  `json:"members"` // enforcement agencies on the platform
	Outside  []Outside `json:"outside"` // 公安、检察院、监察 and others, by name
	Region   string    `json:"region"`  // the convening body's region; "" = p's own
	Convener string    `json:"-"`
}

func (in *MeetingOpening) check() apperr.Fields {
	bad := apperr.Fields{}
	in.Title, in.Agenda, in.HeldOn = clean(in.Title), clean(in.Agenda), clean(in.HeldOn)
	var ms []string
	for _, m := range lines(in.Members, 30) {
		ms = append(ms, ident.NormalizeUSCC(m))
	}
	in.Members = ms
	var os []Outside
	for _, o := range in.Outside {
		if o.Name = clean(o.Name); o.Name == "" {
			continue
		}
		if !valid(OutsideKinds, o.Kind) {
			bad.Set("outside", "参会单位类型无效："+o.Kind)
		} else if utf8.RuneCountInString(o.Name) > MaxTitle {
			bad.Set("outside", "参会单位名称不能超过"+strconv.Itoa(MaxTitle)+"字")
		}
		os = append(os, o)
	}
	in.Outside = os
	if n := utf8.RuneCountInString(in.Title); n == 0 || n > MaxTitle {
		bad.Set("title", "请填写会议名称（不超过"+strconv.Itoa(MaxTitle)+"字）")
	}
	if n := utf8.RuneCountInString(in.Agenda); n == 0 || n > MaxNote {
		bad.Set("agenda", "请填写会议议题")
	}
	if _, err := law.ParseDate(in.HeldOn); err != nil {
		bad.Set("held_on", "请填写会议日期（YYYY-MM-DD）")
	}
	if len(in.Members)+len(in.Outside) < 2 {
		bad.Set("members", "请至少列明两个参会单位")
	}
	return bad
}

// OpenMeeting convenes a joint meeting: only a supervision body, in its
// own region or one below it; every member agency lies in that region.
func (s *Service) OpenMeeting(ctx context.Context, p *auth.Principal, in MeetingOpening) (*Meeting, error) {
	if in.Region == "" && p != nil {
		in.Region = p.Region
	}
	if err := in.check().Err(); err != nil {
		return nil, err
	}
	if !auth.CanCoordinate(p, in.Region) {
		return nil, apperr.New(apperr.Forbidden, "联席会议由行政执法监督机构召集")
	}
	var id int64
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		regions, err := partyRegions(ctx, tx, in.Members)
		if err != nil {
			return err
		}
		prefix := ident.RegionPrefix(in.Region)
		for i, r := range regions {
			if prefix != "" && (r < prefix || r >= ident.PrefixEnd(prefix)) {
				return &apperr.Error{Code: apperr.Invalid, Message: "参会机关不在本辖区",
					Fields: apperr.Fields{"members": "不在本辖区的机关：" + in.Members[i]}}
			}
		}
		outside, _ := json.Marshal(in.Outside)
		now, today := clock.Millis(ctx), clock.TodayString(ctx)
		if err := tx.QueryRowContext(ctx, `INSERT INTO meetings (region_code, title, agenda, outside, held_on, status, opened_on,
			created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9) RETURNING id`, in.Region, in.Title, in.Agenda,
			string(outside), in.HeldOn, MeetingPlanned, today, p.Who(), now).Scan(&id); err != nil {
			return err
		}
		for i, m := range in.Members {
			if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_members (meeting_id, agency_code, region_code) VALUES ($1,$2,$3)`,
				id, m, regions[i]); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, p, "open", MeetingKind, strconv.FormatInt(id, 10), in.Region, nil, in); err != nil {
			return err
		}
		return recordAs(ctx, tx, MeetingKind, id, meetingOpenContent(in, today, p.Who()))
	})
	if err != nil {
		return nil, err
	}
	return s.GetMeeting(ctx, p, id)
}

// meetingOpenContent is a meeting's first leaf.
func meetingOpenContent(in MeetingOpening, at, actor string) map[string]any {
	return map[string]any{"open": in, "region": in.Region, "at": at, "actor": actor}
}

const meetingCols = `m.id, m.version, m.region_code, m.title, m.agenda, m.outside, m.held_on, m.status, m.minutes, m.next_check,
	m.opened_on, m.created_by`

func scanMeeting(row interface{ Scan(...any) error }) (*Meeting, error) {
	m := &Meeting{}
	var outside string
	err := row.Scan(&m.ID, &m.Version, &m.RegionCode, &m.Title, &m.Agenda, &outside, &m.HeldOn, &m.Status, &m.Minutes, &m.NextCheck,
		&m.OpenedOn, &m.CreatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("联席会议")
	}
	m.Outside = []Outside{}
	_ = json.Unmarshal([]byte(outside), &m.Outside)
	return m, err
}

func loadMeeting(ctx context.Context, q store.Querier, id int64) (*Meeting, error) {
	m, err := scanMeeting(q.QueryRowContext(ctx, `SELECT `+meetingCols+` FROM meetings m WHERE m.id = $1`, id))
	if err != nil {
		return nil, err
	}
	if m.Members, err = loadPartiesOf(ctx, q, "meeting_members", "meeting_id", id, ""); err != nil {
		return nil, err
	}
	if m.Acts, err = loadActsOf(ctx, q, "meeting_acts", "meeting_id", id); err != nil {
		return nil, err
	}
	m.Decisions = Decisions(m.Acts)
	return m, nil
}

// GetMeeting returns meeting id; outside p's reach it does not exist.
func (s *Service) GetMeeting(ctx context.Context, p *auth.Principal, id int64) (*Meeting, error) {
	m, err := loadMeeting(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if !auth.CanSeeMeeting(p, m.RegionCode, m.Codes()) {
		return nil, apperr.NotFoundf("联席会议")
	}
	m.Warnings, err = flow.OpenFindings(ctx, s.db.R, MeetingKind, id)
	return m, err
}

// MeetingInput is one act on a meeting.
type MeetingInput struct {
	Action   string   `json:"action"`
	At       string   `json:"at"`
	Note     string   `json:"note"`
	Attended []string `json:"attended"` // minutes: who attended
	Owner    string   `json:"owner"`    // decision
	DueDays  int      `json:"due_days"` // decision: working days from its date
	Decision int64    `json:"decision"` // report
}

// ActMeeting records in.Action on meeting id for p (404 outside reach,
// 403 wrong role or side, 409 wrong state, 400 bad field); the act, the
// findings, the audit row and the log leaf are one transaction.
func (s *Service) ActMeeting(ctx context.Context, p *auth.Principal, id int64, in MeetingInput) (*Meeting, error) {
	def, ok := MeetingFlow.Act(in.Action)
	if !ok {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "办理动作无效", Fields: apperr.Fields{"action": "没有这个办理动作"}}
	}
	in.Note = clean(in.Note)
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		m, err := loadMeeting(ctx, tx, id)
		if err != nil {
			return err
		}
		if !auth.CanSeeMeeting(p, m.RegionCode, m.Codes()) {
			return apperr.NotFoundf("联席会议")
		}
		if err := meetingSide(p, m, in); err != nil {
			return err
		}
		if err := MeetingFlow.Check(m.State(), p.Role, in.Action); err != nil {
			return err
		}
		a, err := s.validateMeeting(ctx, tx, m, def, in, p)
		if err != nil {
			return err
		}
		return s.saveMeeting(ctx, tx, p, m, a)
	})
	if err != nil {
		return nil, err
	}
	return s.GetMeeting(ctx, p, id)
}

// meetingSide: the convening body records all but the reports; a
// decision's owner reports on it.
func meetingSide(p *auth.Principal, m *Meeting, in MeetingInput) error {
	if in.Action != "report" {
		if !auth.IsSupervisionOf(p, auth.Target{Region: m.RegionCode}) {
			return apperr.New(apperr.Forbidden, "“%s”由召集会议的行政执法监督机构办理", MeetingActLabel(in.Action))
		}
		return nil
	}
	for _, d := range m.Decisions {
		if d.ID == in.Decision && !auth.IsDisputeParty(p, []string{d.Owner}) {
			return apperr.New(apperr.Forbidden, "议定事项由责任单位报告落实情况")
		}
	}
	if !auth.IsDisputeParty(p, m.Codes()) {
		return apperr.New(apperr.Forbidden, "议定事项由责任单位报告落实情况")
	}
	return nil
}

// MeetingOnSide reports whether p may record t on m as far as sides go.
func MeetingOnSide(p *auth.Principal, m *Meeting, t string) bool {
	if t == "report" {
		for _, d := range m.Decisions {
			if d.ReportedOn == "" && auth.IsDisputeParty(p, []string{d.Owner}) {
				return true
			}
		}
		return false
	}
	return meetingSide(p, m, MeetingInput{Action: t}) == nil
}

func (s *Service) validateMeeting(ctx context.Context, tx *sql.Tx, m *Meeting, def *MeetingDef, in MeetingInput, p *auth.Principal) (Act, error) {
	a := Act{Type: in.Action, At: in.At, Note: in.Note, AgencyCode: p.Agency, Data: map[string]any{}}
	bad := apperr.Fields{}
	today := clock.Today(ctx)
	at, err := law.ParseDate(in.At)
	switch {
	case err != nil:
		bad.Set("at", "日期格式应为 YYYY-MM-DD")
	case at.After(today):
		bad.Set("at", "不能晚于今天")
	case in.At < m.OpenedOn:
		bad.Set("at", "不能早于发起日期（"+m.OpenedOn+"）")
	}
	if def.NoteRequired && in.Note == "" {
		bad.Set("note", "请填写"+def.NoteLabel)
	} else if utf8.RuneCountInString(in.Note) > MaxNote {
		bad.Set("note", def.NoteLabel+"不能超过"+strconv.Itoa(MaxNote)+"字")
	}
	switch in.Action {
	case "minutes":
		att := lines(in.Attended, 60)
		if len(att) < 2 {
			bad.Set("attended", "请填写出席单位和人员（至少两个）")
		}
		a.Data["attended"] = att
	case "decision":
		owner := ident.NormalizeUSCC(clean(in.Owner))
		if !contains(m.Codes(), owner) {
			bad.Set("owner", "请选择参会的行政执法机关作为责任单位")
		}
		n := in.DueDays
		if n == 0 {
			n = DefaultDecisionDays
		}
		if n < 1 || n > MaxDecisionDays {
			bad.Set("due_days", "落实期限应为1至"+strconv.Itoa(MaxDecisionDays)+"个工作日")
		} else if err == nil {
			cal, cerr := calendar.RulesCalendar(ctx, tx)
			if cerr != nil {
				return a, cerr
			}
			due, derr := cal.AddWorkdays(at, n)
			if derr != nil {
				return a, derr
			}
			a.Data["due"], a.Data["due_days"] = due.String(), strconv.Itoa(n)
		}
		a.Data["owner"] = owner
	case "report":
		i := -1
		for k, d := range m.Decisions {
			if d.ID == in.Decision {
				i = k
			}
		}
		switch {
		case i < 0:
			bad.Set("decision", "请选择议定事项")
		case m.Decisions[i].ReportedOn != "":
			return a, apperr.New(apperr.Conflict, "该议定事项已于%s报告落实情况", m.Decisions[i].ReportedOn)
		}
		a.Data["decision"] = strconv.FormatInt(in.Decision, 10)
	}
	return a, bad.Err()
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (s *Service) saveMeeting(ctx context.Context, tx *sql.Tx, p *auth.Principal, m *Meeting, a Act) error {
	var err error
	if a.ID, err = insertAct(ctx, tx, "meeting_acts", "meeting_id", m.ID, a, p); err != nil {
		return err
	}
	before := m.Status
	m.Acts = append(m.Acts, a)
	m.Decisions = Decisions(m.Acts)
	m.Status = m.State().Status
	if a.Type == "minutes" {
		m.Minutes = a.Note
	}
	if err := flow.Swap(ctx, tx, "meetings", m.ID, m.Version); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meetings SET status = $2, minutes = $3, updated_at = $4 WHERE id = $1`, m.ID, m.Status,
		m.Minutes, clock.Millis(ctx)); err != nil {
		return err
	}
	if err := s.judgeMeeting(ctx, tx, m); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, p, a.Type, MeetingKind, strconv.FormatInt(m.ID, 10), m.RegionCode, map[string]any{"status": before},
		map[string]any{"status": m.Status, "act": a}); err != nil {
		return err
	}
	return recordAs(ctx, tx, MeetingKind, m.ID, actContent(a, p.Who(), m.Status, true))
}

// judgeMeeting writes m's next check and findings, each on its owner.
func (s *Service) judgeMeeting(ctx context.Context, tx *sql.Tx, m *Meeting) error {
	j := JudgeMeeting(m, clock.Today(ctx))
	if _, err := tx.ExecContext(ctx, `UPDATE meetings SET next_check = $2 WHERE id = $1`, m.ID, j.NextCheck); err != nil {
		return err
	}
	if err := flow.SyncFindings(ctx, tx, flow.Subject{Kind: MeetingKind, ID: m.ID, Region: m.RegionCode}, j.Findings, clock.Millis(ctx)); err != nil {
		return err
	}
	for _, d := range m.Decisions {
		region := m.RegionCode
		for _, x := range m.Members {
			if x.AgencyCode == d.Owner {
				region = x.RegionCode
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE findings SET agency_code = $4, region_code = $5 WHERE subject_kind = $1
			AND subject_id = $2 AND rule = $3 AND fkey = $6 AND (agency_code <> $4 OR region_code <> $5)`,
			MeetingKind, m.ID, RuleDecisionOverdue, d.Owner, region, strconv.FormatInt(d.ID, 10)); err != nil {
			return err
		}
	}
	return nil
}
