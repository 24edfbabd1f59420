package report

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// Report is one agency's 年报 of a year (annual_reports, migrations 00029
// and 00056).
type Report struct {
	ID          int64             `json:"id"`
	Year        int               `json:"year"`
	Region      string            `json:"region_code"`
	Agency      string            `json:"agency_code"`
	AgencyName  string            `json:"agency_name"`
	Status      string            `json:"status"`
	Notes       map[string]string `json:"notes"`
	Data        *AgencyTables     `json:"data"`
	DraftedOn   string            `json:"drafted_on"`
	PublishedOn string            `json:"published_on,omitempty"`
	ReviewNote  string            `json:"review_note,omitempty"`
	Acts        []ActRecord       `json:"acts"`
	NextCheck   string            `json:"-"`
	Version     int64             `json:"-"`
}

// ActRecord is one step of a report's history.
type ActRecord struct {
	Type  string `json:"type"`
	Label string `json:"label"`
	Actor string `json:"actor"`
	On    string `json:"on"`
	Note  string `json:"note,omitempty"`
}

// StatusLabel is where the report stands, in Chinese.
func (r *Report) StatusLabel() string { return StatusLabels[r.Status] }

// Deadline is the day the report must be published by.
func (r *Report) Deadline() string { return Deadline(r.Year) }

// Late reports whether the deadline passed without publication on today.
func (r *Report) Late(today string) bool { return r.Status != StPublished && today > r.Deadline() }

func (r *Report) itoaYear() string { return strconv.Itoa(r.Year) }

const reportCols = `r.id, r.year, r.region_code, r.agency_code, COALESCE(a.name, r.agency_code), r.status, r.notes_json, r.data_json,
	r.drafted_on, r.published_on, r.review_note, r.acts_json, r.next_check, r.version`

func scanReport(sc interface{ Scan(...any) error }) (*Report, error) {
	r := &Report{}
	var notes, data, acts string
	if err := sc.Scan(&r.ID, &r.Year, &r.Region, &r.Agency, &r.AgencyName, &r.Status, &notes, &data, &r.DraftedOn,
		&r.PublishedOn, &r.ReviewNote, &acts, &r.NextCheck, &r.Version); err != nil {
		return nil, err
	}
	r.Notes = map[string]string{}
	if err := json.Unmarshal([]byte(notes), &r.Notes); err != nil {
		return nil, err
	}
	if data != "" {
		r.Data = &AgencyTables{}
		if err := json.Unmarshal([]byte(data), r.Data); err != nil {
			return nil, err
		}
	}
	return r, json.Unmarshal([]byte(acts), &r.Acts)
}

func getReport(ctx context.Context, q store.Querier, id int64) (*Report, error) {
	r, err := scanReport(q.QueryRowContext(ctx, `SELECT `+reportCols+` FROM annual_reports r
		LEFT JOIN agencies a ON a.code = r.agency_code WHERE r.id = $1 AND r.agency_code <> ''`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("年报")
	}
	return r, err
}

// listReports lists the agency reports matching w (aliases r and a).
func listReports(ctx context.Context, q store.Querier, w *store.Where, limit int) ([]*Report, error) {
	w.Add("r.agency_code <> ''")
	rows, err := q.QueryContext(ctx, `SELECT `+reportCols+` FROM annual_reports r LEFT JOIN agencies a ON a.code = r.agency_code`+
		w.SQL()+` ORDER BY r.year DESC, r.region_code, r.agency_code LIMIT `+strconv.Itoa(limit), w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// save writes r under the version it was read at, judged again on today
// (its finding and next check).
func save(ctx context.Context, tx *sql.Tx, r *Report, today, remind law.Date) error {
	if err := flow.Swap(ctx, tx, "annual_reports", r.ID, r.Version); err != nil {
		return err
	}
	fs, next := Judge(r, today, remind)
	r.NextCheck = next
	notes, _ := json.Marshal(r.Notes)
	data, _ := json.Marshal(r.Data)
	acts, _ := json.Marshal(r.Acts)
	if _, err := tx.ExecContext(ctx, `UPDATE annual_reports SET status = $2, notes_json = $3, data_json = $4, review_note = $5,
		acts_json = $6, published_on = $7, next_check = $8, updated_at = $9 WHERE id = $1`, r.ID, r.Status, string(notes), string(data),
		r.ReviewNote, string(acts), r.PublishedOn, r.NextCheck, clock.Millis(ctx)); err != nil {
		return err
	}
	return flow.SyncFindings(ctx, tx, flow.Subject{Kind: Kind, ID: r.ID, Region: r.Region, Agency: r.Agency}, fs, clock.Millis(ctx))
}

var errNoReport = apperr.NotFoundf("年报")

// regionRange is the range of region codes in region's subtree.
func regionRange(region string) []any {
	prefix := ident.RegionPrefix(region)
	return []any{prefix, ident.PrefixEnd(prefix)}
}
