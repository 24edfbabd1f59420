package complaint

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// 社会监督员: appointed by a supervision body (聘任) with a term, a field and
// a region; trained, evaluated and rewarded yearly; they leave (退出) with a
// reason. Their account sends clues (线索直通: complaints of source clue,
// flagged at the body) and records on-site observations (旁站式监督); it
// never reads case files (auth.CanSeeCase).

// Supervisor is one appointment.
type Supervisor struct {
	ID          int64    `json:"id"`
	CertNo      string   `json:"cert_no"`
	AccountID   int64    `json:"account_id"`
	Username    string   `json:"username"`
	Name        string   `json:"name"`
	RegionCode  string   `json:"region_code"`
	Field       string   `json:"field"`
	AppointedBy string   `json:"appointed_by"`
	TermFrom    string   `json:"term_from"`
	TermTo      string   `json:"term_to"`
	Status      string   `json:"status"`
	ExitOn      string   `json:"exit_on"`
	ExitReason  string   `json:"exit_reason"`
	Records     []Record `json:"records"`
}

// Record is a training, an evaluation or a reward.
type Record struct {
	Kind  string `json:"kind"`
	On    string `json:"on"`
	Title string `json:"title"`
	Grade string `json:"grade"`
	Hours int    `json:"hours"`
	By    string `json:"recorded_by"`
}

// RecordKinds and Grades name a record's kind and an evaluation's grade.
var (
	RecordKinds = []registry.Option{{Value: "training", Label: "培训"}, {Value: "evaluation", Label: "年度考核"}, {Value: "reward", Label: "奖励"}}
	Grades      = []registry.Option{{Value: "excellent", Label: "优秀"}, {Value: "pass", Label: "合格"}, {Value: "fail", Label: "不合格"}}
)

// Active reports whether the appointment is in force on day.
func (s *Supervisor) Active(day string) bool {
	return s.Status == "active" && s.TermFrom <= day && day <= s.TermTo
}

// Appointment is what 聘任 takes: the account's login (optional), name,
// region, field and term.
type Appointment struct {
	Username, Name, Region, Field, TermFrom, TermTo string
}

func checkTerm(bad apperr.Fields, from, to string) {
	f, err1 := law.ParseDate(from)
	t, err2 := law.ParseDate(to)
	switch {
	case err1 != nil:
		bad.Set("term_from", "日期格式应为 YYYY-MM-DD")
	case err2 != nil:
		bad.Set("term_to", "日期格式应为 YYYY-MM-DD")
	case !t.After(f):
		bad.Set("term_to", "聘期结束应晚于开始")
	}
}

// Appoint appoints a social supervisor for supervision of the region.
func (s *Service) Appoint(ctx context.Context, p *auth.Principal, a Appointment) (*Supervisor, error) {
	a.Username, a.Name, a.Region, a.Field = clean(a.Username), clean(a.Name), clean(a.Region), clean(a.Field)
	bad := apperr.Fields{}
	if a.Name == "" {
		bad.Set("name", "请填写姓名")
	}
	tooLong(bad, "name", a.Name, MaxName)
	tooLong(bad, "field", a.Field, 100)
	if ident.ValidateRegionCode(a.Region) != nil {
		bad.Set("region", "行政区划代码无效")
	}
	checkTerm(bad, a.TermFrom, a.TermTo)
	if err := bad.Err(); err != nil {
		return nil, err
	}
	if !auth.IsSupervisionOf(p, auth.Target{Region: a.Region}) {
		return nil, apperr.New(apperr.Forbidden, "社会监督员由该区划的执法监督机构聘任")
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var account int64
		if a.Username != "" {
			err := tx.QueryRowContext(ctx, `SELECT id FROM accounts WHERE username = $1 AND role = 'social_supervisor'`, a.Username).Scan(&account)
			if errors.Is(err, sql.ErrNoRows) {
				return &apperr.Error{Code: apperr.Invalid, Message: "账号不存在或不是社会监督员账号", Fields: apperr.Fields{"username": "应为社会监督员角色的账号"}}
			} else if err != nil {
				return err
			}
		}
		year := clock.Today(ctx).Y
		n, err := flow.Next(ctx, tx, "social/"+ident.RegionPrefix(a.Region), year)
		if err != nil {
			return err
		}
		cert := fmt.Sprintf("SJ%s%d%04d", a.Region, year, n)
		now := clock.Millis(ctx)
		if err := tx.QueryRowContext(ctx, `INSERT INTO social_supervisors (cert_no, account_id, name, region_code, field, appointed_by,
			term_from, term_to, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9) RETURNING id`,
			cert, account, a.Name, a.Region, a.Field, p.Who(), a.TermFrom, a.TermTo, now).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "appoint", "social_supervisor", cert, a.Region, nil, a)
	})
	if err != nil {
		return nil, err
	}
	return s.Supervisor(ctx, p, id)
}

const socialCols = `s.id, s.cert_no, s.account_id, COALESCE(a.username, ''), s.name, s.region_code, s.field, s.appointed_by,
	s.term_from, s.term_to, s.status, s.exit_on, s.exit_reason`

const socialFrom = ` FROM social_supervisors s LEFT JOIN accounts a ON a.id = s.account_id`

func scanSupervisor(row interface{ Scan(...any) error }) (*Supervisor, error) {
	x := &Supervisor{Records: []Record{}}
	err := row.Scan(&x.ID, &x.CertNo, &x.AccountID, &x.Username, &x.Name, &x.RegionCode, &x.Field, &x.AppointedBy,
		&x.TermFrom, &x.TermTo, &x.Status, &x.ExitOn, &x.ExitReason)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("社会监督员")
	}
	return x, err
}

// canSeeSupervisor: supervision of its region, or the supervisor's own account.
func canSeeSupervisor(p *auth.Principal, x *Supervisor) bool {
	return auth.CanSeeAppointment(p, x.RegionCode, x.AccountID)
}

// Supervisor returns appointment id with its records.
func (s *Service) Supervisor(ctx context.Context, p *auth.Principal, id int64) (*Supervisor, error) {
	x, err := scanSupervisor(s.db.R.QueryRowContext(ctx, `SELECT `+socialCols+socialFrom+` WHERE s.id = $1`, id))
	if err != nil {
		return nil, err
	}
	if !canSeeSupervisor(p, x) {
		return nil, apperr.NotFoundf("社会监督员")
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT kind, on_date, title, grade, hours, recorded_by FROM social_records
		WHERE supervisor_id = $1 ORDER BY on_date, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r Record
		if err := rows.Scan(&r.Kind, &r.On, &r.Title, &r.Grade, &r.Hours, &r.By); err != nil {
			return nil, err
		}
		x.Records = append(x.Records, r)
	}
	return x, rows.Err()
}

// Supervisors lists the appointments p may see: supervision's region, or a
// social supervisor's own.
func (s *Service) Supervisors(ctx context.Context, p *auth.Principal) ([]*Supervisor, error) {
	w := &store.Where{}
	auth.FilterSocial(p, w, "s.region_code", "s.account_id")
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+socialCols+socialFrom+w.SQL()+` ORDER BY s.status, s.region_code, s.id LIMIT 1000`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Supervisor{}
	for rows.Next() {
		x, err := scanSupervisor(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// AddRecord records a training, an evaluation or a reward (supervision of the region).
func (s *Service) AddRecord(ctx context.Context, p *auth.Principal, id int64, r Record) error {
	r.Title, r.Kind, r.Grade = clean(r.Title), clean(r.Kind), clean(r.Grade)
	bad := apperr.Fields{}
	if registry.LabelOf(RecordKinds, r.Kind) == r.Kind {
		bad.Set("kind", "应为 training、evaluation 或 reward")
	}
	if r.Title == "" {
		bad.Set("title", "请填写内容")
	}
	tooLong(bad, "title", r.Title, 200)
	if _, err := law.ParseDate(r.On); err != nil {
		bad.Set("on", "日期格式应为 YYYY-MM-DD")
	}
	if r.Kind == "evaluation" && registry.LabelOf(Grades, r.Grade) == r.Grade {
		bad.Set("grade", "应为 excellent、pass 或 fail")
	}
	if r.Hours < 0 || r.Hours > 1000 {
		bad.Set("hours", "学时应为0到1000")
	}
	if err := bad.Err(); err != nil {
		return err
	}
	return s.supervise(ctx, p, id, func(tx *sql.Tx, x *Supervisor) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO social_records (supervisor_id, kind, on_date, title, grade, hours, recorded_by, created_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, id, r.Kind, r.On, r.Title, r.Grade, r.Hours, p.Who(), clock.Millis(ctx))
		if err == nil {
			err = audit.Record(ctx, tx, p, r.Kind, "social_supervisor", x.CertNo, x.RegionCode, nil, r)
		}
		return err
	})
}

// Exit ends an appointment (退出) with a reason.
func (s *Service) Exit(ctx context.Context, p *auth.Principal, id int64, on, reason string) error {
	reason = clean(reason)
	bad := apperr.Fields{}
	if _, err := law.ParseDate(on); err != nil {
		bad.Set("exit_on", "日期格式应为 YYYY-MM-DD")
	}
	if reason == "" {
		bad.Set("exit_reason", "请填写退出原因")
	}
	tooLong(bad, "exit_reason", reason, 500)
	if err := bad.Err(); err != nil {
		return err
	}
	return s.supervise(ctx, p, id, func(tx *sql.Tx, x *Supervisor) error {
		if x.Status != "active" {
			return apperr.New(apperr.Conflict, "该社会监督员已退出")
		}
		_, err := tx.ExecContext(ctx, `UPDATE social_supervisors SET status = 'exited', exit_on = $2, exit_reason = $3, updated_at = $4
			WHERE id = $1`, id, on, reason, clock.Millis(ctx))
		if err == nil {
			err = audit.Record(ctx, tx, p, "exit", "social_supervisor", x.CertNo, x.RegionCode, map[string]any{"status": "active"},
				map[string]any{"status": "exited", "exit_on": on, "exit_reason": reason})
		}
		return err
	})
}

// supervise runs fn on appointment id for supervision of its region.
func (s *Service) supervise(ctx context.Context, p *auth.Principal, id int64, fn func(tx *sql.Tx, x *Supervisor) error) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		x, err := scanSupervisor(tx.QueryRowContext(ctx, `SELECT `+socialCols+socialFrom+` WHERE s.id = $1`, id))
		if err != nil {
			return err
		}
		if !canSeeSupervisor(p, x) {
			return apperr.NotFoundf("社会监督员")
		}
		if !auth.IsSupervisionOf(p, auth.Target{Region: x.RegionCode}) {
			return apperr.New(apperr.Forbidden, "由聘任的执法监督机构办理")
		}
		return fn(tx, x)
	})
}

// appointment is p's appointment in force today: a social supervisor's
// clue and observation need one.
func (s *Service) appointment(ctx context.Context, q store.Querier, p *auth.Principal) (*Supervisor, error) {
	if p == nil || p.Role != auth.RoleSocial {
		return nil, apperr.New(apperr.Forbidden, "只有社会监督员可以提交线索和旁站监督记录")
	}
	today := clock.TodayString(ctx)
	rows, err := q.QueryContext(ctx, `SELECT `+socialCols+socialFrom+` WHERE s.account_id = $1 ORDER BY s.id DESC`, p.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		x, err := scanSupervisor(rows)
		if err != nil {
			return nil, err
		}
		if x.Active(today) {
			return x, nil
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return nil, apperr.New(apperr.Forbidden, "您的社会监督员聘任不在有效期内，请联系聘任的执法监督机构")
}

// Clue sends a social supervisor's clue (线索直通): a complaint of source
// clue, flagged at the supervision body, with the same tracking.
func (s *Service) Clue(ctx context.Context, p *auth.Principal, f *Filing, uploads []Upload) (*Receipt, error) {
	if _, err := s.appointment(ctx, s.db.R, p); err != nil {
		return nil, err
	}
	f.Source, f.SourceRef = SourceClue, ""
	return s.File(ctx, p, f, "", uploads)
}

func idKey(id int64) string { return strconv.FormatInt(id, 10) }
