package cases

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// Lists at province scale (issue 10): a list is read from an index in the
// order it shows, and deep pages are reached with a keyset cursor (the
// last row's sort key) instead of an OFFSET that reads every row before
// the page. Counts stop at MaxCount: "10000 条以上" tells a person as much
// as an exact figure, and never costs a scan of a province.

// MaxCount is the largest count a list computes; beyond it the list
// reports More.
const MaxCount = 10000

// deadlineExpr is the nearest-deadline sort key of a case, a case without
// an open deadline last. Migration 00013 indexes this very expression
// (cases_deadline): keep them the same.
const deadlineExpr = `(CASE WHEN next_check = '' THEN '9999-12-31' ELSE next_check END)`

// noDeadline is deadlineExpr's key of a case without an open deadline.
const noDeadline = "9999-12-31"

// listCursor is the position after the last row of a page.
type listCursor struct {
	deadline string // Sort "deadline": the row's deadlineExpr
	id       int64
}

// encodeCursor makes the opaque cursor of the page after c.
func encodeCursor(sort string, c listCursor) string {
	s := "n:" + strconv.FormatInt(c.id, 10)
	if sort == "old" {
		s = "o:" + strconv.FormatInt(c.id, 10)
	}
	if sort == "deadline" {
		s = "d:" + c.deadline + ":" + strconv.FormatInt(c.id, 10)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

// decodeCursor reads a cursor made by encodeCursor for the same sort.
func decodeCursor(sort, s string) (*listCursor, error) {
	bad := &apperr.Error{Code: apperr.Invalid, Message: "分页游标无效，请从第一页重新查询",
		Fields: apperr.Fields{"cursor": "分页游标无效，请从第一页重新查询"}}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	parts := strings.Split(string(b), ":")
	want := "n"
	switch sort {
	case "deadline":
		want = "d"
	case "old":
		want = "o"
	}
	if len(parts) < 2 || parts[0] != want || (want == "d") != (len(parts) == 3) || (want != "d" && len(parts) != 2) {
		return nil, bad
	}
	id, err := strconv.ParseInt(parts[len(parts)-1], 10, 64)
	if err != nil || id <= 0 {
		return nil, bad
	}
	c := &listCursor{id: id}
	if want == "d" {
		if _, err := law.ParseDate(parts[1]); err != nil && parts[1] != noDeadline {
			return nil, bad
		}
		c.deadline = parts[1]
	}
	return c, nil
}

// countCapped counts the rows of from (with w's conditions) up to limit;
// more reports that there are more. order is an index's order: it makes
// PostgreSQL walk that index and stop at the limit, where it would
// otherwise build a bitmap of every row of a province first.
func countCapped(ctx context.Context, q store.Querier, from string, w *store.Where, order string, limit int) (n int, more bool, err error) {
	args := append([]any(nil), w.Args...)
	sql := `SELECT COUNT(*) FROM (SELECT 1` + from + w.SQL() + order + ` LIMIT $` + strconv.Itoa(len(args)+1) + `) x`
	if err := q.QueryRowContext(ctx, sql, append(args, limit+1)...).Scan(&n); err != nil {
		return 0, false, err
	}
	if n > limit {
		return limit, true, nil
	}
	return n, false, nil
}

// attachViews fills the names and open warnings of a page of cases with
// three queries in all, instead of three per case (attachView).
func attachViews(ctx context.Context, q store.Querier, list []*Case) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*Case, len(list))
	agencies, matters, ids := &store.Where{}, &store.Where{}, &store.Where{}
	var am, mm, im []string
	seenA, seenM := map[string]bool{}, map[string]bool{}
	for _, c := range list {
		byID[c.ID] = c
		c.Warnings = []Warning{}
		im = append(im, ids.Arg(c.ID))
		if !seenA[c.AgencyCode] {
			seenA[c.AgencyCode] = true
			am = append(am, agencies.Arg(c.AgencyCode))
		}
		if !seenM[c.MatterCode] {
			seenM[c.MatterCode] = true
			mm = append(mm, matters.Arg(c.MatterCode))
		}
	}
	names := func(table string, w *store.Where, marks []string, set func(c *Case, name string), key func(c *Case) string) error {
		rows, err := q.QueryContext(ctx, `SELECT code, name FROM `+table+` WHERE code IN (`+strings.Join(marks, ",")+`)`, w.Args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		got := map[string]string{}
		for rows.Next() {
			var code, name string
			if err := rows.Scan(&code, &name); err != nil {
				return err
			}
			got[code] = name
		}
		for _, c := range list {
			set(c, got[key(c)])
		}
		return rows.Err()
	}
	if err := names("agencies", agencies, am, func(c *Case, n string) { c.AgencyName = n }, func(c *Case) string { return c.AgencyCode }); err != nil {
		return err
	}
	if err := names("matters", matters, mm, func(c *Case, n string) { c.MatterName = n }, func(c *Case) string { return c.MatterCode }); err != nil {
		return err
	}
	// The open findings of the page, as flow.OpenFindings reads one case's.
	rows, err := q.QueryContext(ctx, `SELECT subject_id, rule, fkey, severity, message, basis, due FROM findings
		WHERE subject_kind = 'case' AND status = 'open' AND subject_id IN (`+strings.Join(im, ",")+`) ORDER BY id`, ids.Args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var w Warning
		if err := rows.Scan(&id, &w.Rule, &w.key, &w.Severity, &w.Message, &w.Basis, &w.Due); err != nil {
			return err
		}
		if c := byID[id]; c != nil {
			c.Warnings = append(c.Warnings, w)
		}
	}
	for _, c := range list {
		sortWarnings(c.Warnings)
		c.Warnings = shown(ctx, c.Warnings)
	}
	return rows.Err()
}

// dayStart is the first instant (Unix ms) of civil day s in China time;
// ok is false for "" or a date that is not one (check reports those).
func dayStart(s string) (int64, bool) {
	d, err := law.ParseDate(s)
	if s == "" || err != nil {
		return 0, false
	}
	return time.Date(d.Y, time.Month(d.M), d.D, 0, 0, 0, 0, clock.Shanghai).UnixMilli(), true
}

// check reports filters a list cannot apply, named as the list's form
// names them.
func (f *Filter) check() error {
	e := apperr.Fields{}
	for k, v := range map[string]string{"from": f.From, "to": f.To} {
		if _, ok := dayStart(v); v != "" && !ok {
			e.Set(k, map[string]string{"from": "登记日期（起）", "to": "登记日期（止）"}[k]+"应为YYYY-MM-DD格式的日期")
		}
	}
	if f.Severity != "" && f.Severity != "red" && f.Severity != "yellow" {
		e.Set("severity", "预警等级应为红色或黄色")
	}
	if len(e) > 0 {
		return &apperr.Error{Code: apperr.Invalid, Message: "查询条件有误", Fields: e}
	}
	return nil
}

// DecisionNumbers are the formal 文号 of the decisions of a page of cases
// (决定书 numbered when issued), by case id; cases without one are absent.
func DecisionNumbers(ctx context.Context, q store.Querier, list []*Case) (map[int64]string, error) {
	out := map[int64]string{}
	if len(list) == 0 {
		return out, nil
	}
	w := &store.Where{}
	marks := make([]string, len(list))
	for i, c := range list {
		marks[i] = w.Arg(c.ID)
	}
	rows, err := q.QueryContext(ctx, `SELECT case_id, doc_no FROM case_documents WHERE kind = 'decision' AND case_id IN (`+
		strings.Join(marks, ",")+`)`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var no string
		if err := rows.Scan(&id, &no); err != nil {
			return nil, err
		}
		out[id] = no
	}
	return out, rows.Err()
}
