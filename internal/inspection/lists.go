package inspection

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// Item is one entry of the 涉企行政检查事项清单 (鲁政办发〔2025〕3号: 实施主体、
// 检查名称、设定依据), a registry matter of kind inspection, with the object
// types it applies to and its 一张表单 (checklist items).
type Item struct {
	Code        string   `json:"matter_code"`
	Name        string   `json:"name"`
	LegalBasis  string   `json:"legal_basis"`
	RegionCode  string   `json:"region_code"`
	Agencies    []string `json:"agency_codes"`
	AgencyNames []string `json:"agency_names"`
	ObjectTypes string   `json:"object_types"`
	Checklist   []string `json:"checklist"`
}

// Target is where the item lives (its matter's region and holders).
func (it *Item) Target() auth.Target {
	return auth.Target{Region: it.RegionCode, Agencies: it.Agencies}
}

// ItemFilter narrows the list: a region subtree, one agency, a search term.
type ItemFilter struct{ Region, Agency, Q string }

// Items lists the inspection matters (public: the list is published), by code.
func Items(ctx context.Context, q store.Querier, f ItemFilter) ([]*Item, error) {
	w := &store.Where{}
	w.Add("m.kind = 'inspection'")
	if f.Region != "" && ident.ValidateRegionCode(f.Region) == nil {
		prefix := ident.RegionPrefix(f.Region)
		w.Add("EXISTS (SELECT 1 FROM matter_agencies ma JOIN agencies a ON a.code = ma.agency_code WHERE ma.matter_id = m.id AND a.region_code >= ? AND a.region_code < ?)",
			prefix, ident.PrefixEnd(prefix))
	}
	if f.Agency != "" {
		w.Add("EXISTS (SELECT 1 FROM matter_agencies ma WHERE ma.matter_id = m.id AND ma.agency_code = ?)", f.Agency)
	}
	if t := strings.TrimSpace(f.Q); t != "" {
		w.Add("(m.name LIKE ? ESCAPE '\\' OR m.code = ?)", store.Like(t), t)
	}
	rows, err := q.QueryContext(ctx, `SELECT m.id, m.code, m.name, m.legal_basis, m.region_code, COALESCE(it.object_types, ''),
		COALESCE(it.checklist, '[]') FROM matters m LEFT JOIN inspection_items it ON it.matter_code = m.code`+w.SQL()+
		` ORDER BY m.code LIMIT 1000`, w.Args...)
	if err != nil {
		return nil, err
	}
	var out []*Item
	var ids []int64
	for rows.Next() {
		it := &Item{}
		var id int64
		var list string
		if err := rows.Scan(&id, &it.Code, &it.Name, &it.LegalBasis, &it.RegionCode, &it.ObjectTypes, &list); err != nil {
			rows.Close()
			return nil, err
		}
		json.Unmarshal([]byte(list), &it.Checklist)
		out, ids = append(out, it), append(ids, id)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for i, it := range out {
		r, err := q.QueryContext(ctx, `SELECT ma.agency_code, COALESCE(a.name, ma.agency_code) FROM matter_agencies ma
			LEFT JOIN agencies a ON a.code = ma.agency_code WHERE ma.matter_id = $1 ORDER BY ma.agency_code`, ids[i])
		if err != nil {
			return nil, err
		}
		for r.Next() {
			var c, n string
			if err := r.Scan(&c, &n); err != nil {
				r.Close()
				return nil, err
			}
			it.Agencies, it.AgencyNames = append(it.Agencies, c), append(it.AgencyNames, n)
		}
		if err := r.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// GetItem is one inspection matter.
func GetItem(ctx context.Context, q store.Querier, code string) (*Item, error) {
	all, err := Items(ctx, q, ItemFilter{Q: code})
	if err != nil {
		return nil, err
	}
	for _, it := range all {
		if it.Code == code {
			return it, nil
		}
	}
	return nil, apperr.NotFoundf("检查事项")
}

// PutItem sets the object types and checklist of inspection matter code.
func (s *Service) PutItem(ctx context.Context, p *auth.Principal, code, objectTypes string, checklist []string) error {
	it, err := GetItem(ctx, s.db.R, code)
	if err != nil {
		return err
	}
	if !auth.CanSee(p, it.Target()) {
		return apperr.NotFoundf("检查事项")
	}
	if !auth.CanKeepInspectionLists(p, it.Target()) {
		return apperr.New(apperr.Forbidden, "您的角色（%s）不能维护检查事项清单", p.Role.Label())
	}
	f := apperr.Fields{}
	objectTypes = strings.TrimSpace(objectTypes)
	textcheck.CheckText(f, "object_types", objectTypes, 200)
	var items []string
	for i, c := range checklist {
		if c = strings.TrimSpace(c); c != "" {
			textcheck.CheckText(f, fmt.Sprintf("checklist[%d]", i), c, 200)
			items = append(items, c)
		}
	}
	if len(items) > MaxItems {
		f.Set("checklist", fmt.Sprintf("检查项不能超过%d项", MaxItems))
	}
	if err := f.Err(); err != nil {
		return err
	}
	if items == nil {
		items = []string{}
	}
	list, _ := json.Marshal(items)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, _ := GetItem(ctx, tx, code)
		if _, err := tx.ExecContext(ctx, `INSERT INTO inspection_items (matter_code, region_code, object_types, checklist, updated_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (matter_code) DO UPDATE SET object_types = $3, checklist = $4, updated_at = $5`,
			code, it.RegionCode, objectTypes, string(list), clock.Millis(ctx)); err != nil {
			return err
		}
		it.ObjectTypes, it.Checklist = objectTypes, items
		return audit.Record(ctx, tx, p, "update", "inspection_item", code, it.RegionCode, before, it)
	})
}
