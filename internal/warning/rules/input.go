package rules

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"zfjd/internal/cases"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// wireCase is the case as the exchange-v1 PUT body shapes it, with its
// source (spec §2: "the case exactly as in the exchange-v1 PUT body").
type wireCase struct {
	SourceSystem string        `json:"source_system"`
	SourceID     string        `json:"source_id"`
	AgencyCode   string        `json:"agency_code"`
	RegionCode   string        `json:"region_code"`
	MatterCode   string        `json:"matter_code"`
	Procedure    string        `json:"procedure"`
	Party        wireParty     `json:"party"`
	Facts        cases.Facts   `json:"facts"`
	Events       []cases.Event `json:"events"`
}

type wireParty struct {
	Kind     string `json:"kind"`
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
}

// CaseValue is c as a CEL value: events in date order, integers as int.
func CaseValue(c *cases.Case) map[string]any {
	evs := slices.Clone(c.Events)
	slices.SortStableFunc(evs, func(a, b cases.Event) int { return strings.Compare(day(a.At), day(b.At)) })
	w := wireCase{c.SourceSystem, c.SourceID, c.AgencyCode, c.RegionCode, c.MatterCode, c.Procedure,
		wireParty{c.Party.Kind, c.Party.Name, c.Party.IDNumber}, c.Facts, evs}
	if w.Events == nil {
		w.Events = []cases.Event{}
	}
	b, _ := json.Marshal(w)
	return jsonValue(b).(map[string]any)
}

func day(at string) string { return at[:min(len(at), 10)] }

// jsonValue decodes JSON keeping integers as int64 (amounts in 分).
func jsonValue(b []byte) any {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if d.Decode(&v) != nil {
		return map[string]any{}
	}
	return numbers(v)
}

func numbers(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = numbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = numbers(e)
		}
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		f, _ := x.Float64()
		return f
	}
	return v
}

// lookups caches the register's matters and agencies for one pass.
type lookups struct {
	q        store.Querier
	matters  map[string]map[string]any
	agencies map[string]map[string]any
}

func newLookups(q store.Querier) *lookups {
	return &lookups{q: q, matters: map[string]map[string]any{}, agencies: map[string]map[string]any{}}
}

// matter is {code, name, kind, legal_basis, criminal_threshold_fen, agency_codes}.
func (l *lookups) matter(ctx context.Context, code string) (map[string]any, error) {
	if m, ok := l.matters[code]; ok {
		return m, nil
	}
	m := map[string]any{"code": code, "name": "", "kind": "", "legal_basis": "", "criminal_threshold_fen": int64(0), "agency_codes": []any{}}
	var id int64
	var name, kind, basis string
	var thr sql.NullInt64
	err := l.q.QueryRowContext(ctx, `SELECT id, name, kind, legal_basis, criminal_threshold_fen FROM matters WHERE code = $1`, code).
		Scan(&id, &name, &kind, &basis, &thr)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if err == nil {
		m["name"], m["kind"], m["legal_basis"], m["criminal_threshold_fen"] = name, kind, basis, thr.Int64
		rows, err := l.q.QueryContext(ctx, `SELECT agency_code FROM matter_agencies WHERE matter_id = $1 ORDER BY agency_code`, id)
		if err != nil {
			return nil, err
		}
		var codes []any
		for rows.Next() {
			var a string
			if err := rows.Scan(&a); err != nil {
				rows.Close()
				return nil, err
			}
			codes = append(codes, a)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if codes != nil {
			m["agency_codes"] = codes
		}
	}
	l.matters[code] = m
	return m, nil
}

// agency is {code, name, kind, region_code, domain}.
func (l *lookups) agency(ctx context.Context, code string) (map[string]any, error) {
	if a, ok := l.agencies[code]; ok {
		return a, nil
	}
	var name, kind, region, domain string
	err := l.q.QueryRowContext(ctx, `SELECT name, kind, region_code, domain FROM agencies WHERE code = $1`, code).Scan(&name, &kind, &region, &domain)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	a := map[string]any{"code": code, "name": name, "kind": kind, "region_code": region, "domain": domain}
	l.agencies[code] = a
	return a, nil
}

func emptyHistory() map[string]any {
	return map[string]any{"decisions_365d": int64(0), "fines_365d_fen": int64(0), "inspections_30d": int64(0), "complaints_365d": int64(0),
		"decisions_same_matter_365d": int64(0)}
}

// History counts the same party's other records in the province over the
// year (decided penalties, their fines, and — zfjd's own count — those of
// the same matter). Inspections and complaints are not in the platform
// yet: 0.
func History(ctx context.Context, q store.Querier, c *cases.Case, today law.Date) (map[string]any, error) {
	h := emptyHistory()
	if c.Party.IDNumber == "" || len(c.RegionCode) < 2 {
		return h, nil
	}
	prov := c.RegionCode[:2]
	var n, fen, same int64
	err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(fine_fen), 0), COALESCE(SUM(CASE WHEN matter_code = $8 THEN 1 ELSE 0 END), 0)
		FROM cases WHERE party_id_number = $1 AND party_kind = $2
		AND id <> $3 AND outcome = 'penalty' AND decided_on > $4 AND decided_on <= $5 AND region_code >= $6 AND region_code < $7
		AND events_json NOT LIKE '%"type":"annulled"%'`,
		c.Party.IDNumber, c.Party.Kind, c.ID, today.AddDays(-365).String(), today.String(), prov, ident.PrefixEnd(prov), c.MatterCode).
		Scan(&n, &fen, &same)
	if err != nil {
		return nil, err
	}
	h["decisions_365d"], h["fines_365d_fen"], h["decisions_same_matter_365d"] = n, fen, same
	return h, nil
}
