package complaint

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// CalendarSource gives the working-day calendar as q sees it
// (calendar.RulesCalendar in main).
type CalendarSource func(ctx context.Context, q store.Querier) (*law.Calendar, error)

// Service handles complaints on one database.
type Service struct {
	db   *store.DB
	cal  CalendarSource
	keys *Keys
}

// NewService returns the complaint service; keys encrypt contacts.
func NewService(db *store.DB, cal CalendarSource, keys *Keys) *Service {
	return &Service{db: db, cal: cal, keys: keys}
}

// DB is the service's database (for the web layer's reads of the replica).
func (s *Service) DB() *store.DB { return s.db }

const cols = `c.id, c.tracking_code, c.source, c.source_ref, c.category, c.region_code, c.handler_code, c.agency_code,
	c.officer_cert, c.forwarded_to, c.reply_due, c.place, c.happened_on, c.description, c.anonymous, c.contact_enc <> '',
	c.status, c.received_on, c.received_at, c.answer, c.rating, c.rating_comment, c.clue_by, c.version,
	COALESCE(a.name, ''), COALESCE(h.name, ''), COALESCE(f.name, ''), COALESCE(o.name, '')`

const from = ` FROM complaints c LEFT JOIN agencies a ON a.code = c.agency_code AND c.agency_code <> ''
	LEFT JOIN agencies h ON h.code = c.handler_code AND c.handler_code <> ''
	LEFT JOIN agencies f ON f.code = c.forwarded_to AND c.forwarded_to <> ''
	LEFT JOIN officers o ON o.cert_no = c.officer_cert AND c.officer_cert <> ''`

func scan(row interface{ Scan(...any) error }) (*Complaint, error) {
	c := &Complaint{History: []Step{}, Photos: []Photo{}}
	var anon int
	err := row.Scan(&c.ID, &c.TrackingCode, &c.Source, &c.SourceRef, &c.Category, &c.RegionCode, &c.HandlerCode, &c.AgencyCode,
		&c.OfficerCert, &c.ForwardedTo, &c.ReplyDue, &c.Place, &c.HappenedOn, &c.Description, &anon, &c.hasContact,
		&c.Status, &c.ReceivedOn, &c.ReceivedAt, &c.Answer, &c.Rating, &c.RatingNote, &c.ClueBy, &c.Version,
		&c.AgencyName, &c.HandlerName, &c.ForwardedName, &c.OfficerName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("投诉")
	}
	c.Anonymous = anon != 0
	c.Clue = c.Source == SourceClue
	return c, err
}

func load(ctx context.Context, q store.Querier, id int64) (*Complaint, error) {
	return scan(q.QueryRowContext(ctx, `SELECT `+cols+from+` WHERE c.id = $1`, id))
}

// Get returns complaint id with its history and photos; outside p's reach
// it does not exist. The contact is not included (Contact reads it).
func (s *Service) Get(ctx context.Context, p *auth.Principal, id int64) (*Complaint, error) {
	c, err := load(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if !auth.CanSeeComplaint(p, c.Scope()) {
		return nil, apperr.NotFoundf("投诉")
	}
	if err := s.fill(ctx, s.db.R, c); err != nil {
		return nil, err
	}
	if !auth.CanSeeComplaintContact(p, c.Scope()) {
		// Who read the contact, and when, is supervision's own record.
		c.History = slices.DeleteFunc(c.History, func(st Step) bool { return st.Action == "contact_read" })
	}
	return c, nil
}

func (s *Service) fill(ctx context.Context, q store.Querier, c *Complaint) error {
	var err error
	if c.History, err = history(ctx, q, c.ID); err != nil {
		return err
	}
	if c.Photos, err = photos(ctx, q, c.ID); err != nil {
		return err
	}
	st, err := settingsFor(ctx, q, c.RegionCode)
	if err != nil {
		return err
	}
	cal, err := s.cal(ctx, q)
	if err != nil {
		return err
	}
	j, err := Judge(c.facts(), st, cal, clock.Today(ctx))
	c.Deadlines = j.Deadlines
	return err
}

func (c *Complaint) facts() Facts {
	return Facts{Code: c.TrackingCode, Status: c.Status, ReceivedOn: c.ReceivedOn, ReplyDue: c.ReplyDue}
}

// Contact reads the complainant's contact for supervision of the
// complaint's region, with an audit row for each read; anyone else is
// refused (404 if they may not see the complaint at all).
func (s *Service) Contact(ctx context.Context, p *auth.Principal, id int64) (*Contact, error) {
	var out *Contact
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		c, err := load(ctx, tx, id)
		if err != nil {
			return err
		}
		if !auth.CanSeeComplaint(p, c.Scope()) {
			return apperr.NotFoundf("投诉")
		}
		if !auth.CanSeeComplaintContact(p, c.Scope()) {
			return apperr.New(apperr.Forbidden, "投诉人联系方式仅受理投诉的监督机构可见")
		}
		var enc string
		if err := tx.QueryRowContext(ctx, `SELECT contact_enc FROM complaints WHERE id = $1`, id).Scan(&enc); err != nil {
			return err
		}
		if out, err = s.keys.open(enc); err != nil {
			return err
		}
		if _, err := event(ctx, tx, c, p, "contact_read", "", "", ""); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "read_contact", "complaint", strconv.FormatInt(id, 10), c.RegionCode, nil, nil)
	})
	return out, err
}

func history(ctx context.Context, q store.Querier, id int64) ([]Step, error) {
	rows, err := q.QueryContext(ctx, `SELECT action, at, actor, actor_name, note, agency_code, due FROM complaint_events
		WHERE complaint_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Step{}
	for rows.Next() {
		var st Step
		if err := rows.Scan(&st.Action, &st.AtMillis, &st.Actor, &st.ActorName, &st.Note, &st.AgencyCode, &st.Due); err != nil {
			return nil, err
		}
		st.At = rfc3339(st.AtMillis)
		out = append(out, st)
	}
	return out, rows.Err()
}

func photos(ctx context.Context, q store.Querier, id int64) ([]Photo, error) {
	return photoRows(ctx, q, `SELECT hash, mime, size FROM complaint_photos WHERE complaint_id = $1 ORDER BY seq`, id)
}

// photoRows reads the photos (hash, mime, size) query selects for id.
func photoRows(ctx context.Context, q store.Querier, query string, id int64) ([]Photo, error) {
	rows, err := q.QueryContext(ctx, query, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Photo{}
	for rows.Next() {
		var ph Photo
		if err := rows.Scan(&ph.Hash, &ph.Mime, &ph.Size); err != nil {
			return nil, err
		}
		out = append(out, ph)
	}
	return out, rows.Err()
}

// logged is the time and actor of a step as its event row holds them,
// which its leaf carries (leafContent).
type logged struct {
	at    int64
	actor string
}

// event appends one step to c's history.
func event(ctx context.Context, tx store.Querier, c *Complaint, p *auth.Principal, action, note, agency, due string) (logged, error) {
	st := logged{clock.Millis(ctx), "public"}
	name := "投诉人"
	if p != nil {
		st.actor, name = p.Who(), p.Name
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO complaint_events (complaint_id, region_code, action, at, actor, actor_name, note, agency_code, due)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, c.ID, c.RegionCode, action, st.at, st.actor, name, note, agency, due)
	return st, err
}

func rfc3339(ms int64) string { return time.UnixMilli(ms).UTC().Format(time.RFC3339) }

// settingsFor is the most specific region's settings for region, else the defaults.
func settingsFor(ctx context.Context, q store.Querier, region string) (Settings, error) {
	st := DefaultSettings
	for _, r := range ancestors(region) {
		err := q.QueryRowContext(ctx, `SELECT accept_workdays, answer_days, forward_workdays, hourly_limit FROM complaint_settings
			WHERE region_code = $1`, r).Scan(&st.AcceptWorkdays, &st.AnswerDays, &st.ForwardWorkdays, &st.HourlyLimit)
		if err == nil {
			return st, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return st, err
		}
	}
	return st, nil
}

// ancestors are region and the regions above it, most specific first
// (370102 → 370102, 370100, 370000; a 9- or 12-digit code first walks up to
// its county).
func ancestors(region string) []string {
	var out []string
	add := func(s string) {
		if len(out) == 0 || out[len(out)-1] != s {
			out = append(out, s)
		}
	}
	for len(region) > 6 {
		add(region)
		region = region[:len(region)-3]
	}
	if len(region) == 6 {
		add(region)
		add(region[:4] + "00")
		add(region[:2] + "0000")
	}
	return out
}
