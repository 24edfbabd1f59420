package cases

import (
	"context"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Filter selects cases for lists (UI and API). Zero fields do not filter.
type Filter struct {
	Q          string // case_no, title, party name, source id, matter name, 文书编号 (substring)
	Agency     string
	Region     string
	Matter     string
	Domain     string // the matter's 执法领域
	Status     string
	Procedure  string
	HasWarning bool   // only cases with open warnings
	Severity   string // only cases with an open warning of this severity (red, yellow)
	From, To   string // 登记日期 range, civil dates YYYY-MM-DD (China time), inclusive
	Sort       string // "" (newest first) | "old" (oldest first) | "deadline"
	// Cursor continues a list after the page that gave it (Next); the
	// page number then only labels the page. Deep pages read no rows
	// before them.
	Cursor string
	registry.Page
	Next string // set by List: the cursor of the next page, "" on the last
	More bool   // set by List: Total stopped at MaxCount
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

// List lists the cases p may see, newest first (or by nearest deadline),
// a page at a time: from f.Cursor when set, else from the page number.
func (s *Service) List(ctx context.Context, p *auth.Principal, f *Filter) ([]*Case, error) {
	return s.ListOn(ctx, s.db.R, p, f)
}

// ListOn is List read through reads: a read replica's pool
// (store.OpenReadReplica) for the list pages, which may lag the primary
// by the replication delay.
func (s *Service) ListOn(ctx context.Context, reads store.Querier, p *auth.Principal, f *Filter) ([]*Case, error) {
	f.Page.Normalize()
	f.Q = store.SearchTerm(f.Q)
	if err := f.check(); err != nil {
		return nil, err
	}
	// The count reads the scope index (cases_scope, a range of region
	// codes); the page walks the index of its order and filters.
	counted := caseFilter(p, f, "region_code")
	var cur *listCursor
	if f.Cursor != "" {
		var err error
		if cur, err = decodeCursor(f.Sort, f.Cursor); err != nil {
			return nil, err
		}
	}
	var err error
	if f.Total, f.More, err = countCapped(ctx, reads, ` FROM cases`, counted, ` ORDER BY region_code, agency_code, id`, MaxCount); err != nil {
		return nil, err
	}
	// Both orders are index orders: the primary key, and cases_deadline
	// (migration 00013) on deadlineExpr, id.
	order := " ORDER BY id DESC"
	switch f.Sort {
	case "deadline":
		order = " ORDER BY " + deadlineExpr + ", id"
	case "old":
		order = " ORDER BY id"
	}
	// A page and one row more (is there a next page?). After a cursor of
	// the deadline order, first the rest of the cursor's day in id order,
	// then the later days: two ranges of cases_deadline that stop at the
	// page, where one condition with OR would read the cursor's whole day
	// (most cases share "no deadline") from its start on SQLite.
	var out []*Case
	regionCol := listRegionCol(p, f)
	read := func(from, cond string, args []any, order string, limit int, offset bool) error {
		w := caseFilter(p, f, regionCol)
		if cond != "" {
			w.Add(cond, args...)
		}
		lim, page := w.Arg(limit), ""
		if offset {
			page = ` OFFSET ` + w.Arg(f.Offset())
		}
		rows, err := reads.QueryContext(ctx, `SELECT `+caseCols+from+w.SQL()+order+` LIMIT `+lim+page, w.Args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			c, err := scanCase(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, c)
		}
		return rows.Close()
	}
	switch {
	case cur == nil:
		err = read(` FROM cases`, "", nil, order, f.Size+1, true)
	case f.Sort == "deadline":
		// SQLite's statistics (an average per key, where most cases share
		// one key) make it prefer the primary key for the rest of the
		// day, which for a day of few cases reads on to the end of the
		// table; a wide scope names the index (a SQLite-only clause).
		from := ` FROM cases`
		if s.db.Dialect == store.SQLite && regionCol != "region_code" {
			from = ` FROM cases INDEXED BY cases_deadline`
		}
		err = read(from, deadlineExpr+" = ? AND id > ?", []any{cur.deadline, cur.id}, " ORDER BY id", f.Size+1, false)
		if err == nil && len(out) <= f.Size {
			err = read(` FROM cases`, deadlineExpr+" > ?", []any{cur.deadline}, order, f.Size+1-len(out), false)
		}
	case f.Sort == "old":
		err = read(` FROM cases`, "id > ?", []any{cur.id}, order, f.Size+1, false)
	default:
		err = read(` FROM cases`, "id < ?", []any{cur.id}, order, f.Size+1, false)
	}
	if err != nil {
		return nil, err
	}
	f.Next = ""
	if len(out) > f.Size {
		out = out[:f.Size]
		next := listCursor{id: out[len(out)-1].ID}
		if f.Sort == "deadline" {
			if err := reads.QueryRowContext(ctx, `SELECT `+deadlineExpr+` FROM cases WHERE id = $1`, next.id).Scan(&next.deadline); err != nil {
				return nil, err
			}
		}
		f.Next = encodeCursor(f.Sort, next)
	}
	return out, attachViews(ctx, reads, out)
}

// caseFilter is the WHERE of a case list: p's scope and f's filters, the
// region code written as regionCol.
func caseFilter(p *auth.Principal, f *Filter, regionCol string) *store.Where {
	w := &store.Where{}
	auth.FilterCases(p, w, regionCol, "agency_code")
	if f.Region != "" {
		if prefix := ident.RegionPrefix(f.Region); prefix != "" {
			w.Add(regionCol+" >= ? AND "+regionCol+" < ?", prefix, ident.PrefixEnd(prefix))
		}
	}
	if f.Agency != "" {
		w.Add("agency_code = ?", f.Agency)
	}
	if f.Matter != "" {
		w.Add("matter_code = ?", f.Matter)
	}
	if f.Status != "" {
		w.Add("status = ?", f.Status)
	}
	if f.Procedure != "" {
		w.Add("procedure_kind = ?", f.Procedure)
	}
	if f.Domain != "" {
		w.Add("matter_code IN (SELECT code FROM matters WHERE domain = ?)", f.Domain)
	}
	if f.Q != "" {
		// The matter's name and the formal 文号 of a document (济历下市监罚〔2026〕3号)
		// are found as well as the case's own fields.
		like := store.Like(f.Q)
		w.Add(`(case_no LIKE ? ESCAPE '\' OR title LIKE ? ESCAPE '\' OR party_name LIKE ? ESCAPE '\' OR source_id LIKE ? ESCAPE '\'
			OR matter_code IN (SELECT code FROM matters WHERE name LIKE ? ESCAPE '\')
			OR id IN (SELECT case_id FROM case_documents WHERE doc_no LIKE ? ESCAPE '\'))`, like, like, like, like, like, like)
	}
	if f.HasWarning {
		w.Add("EXISTS (SELECT 1 FROM findings cw WHERE cw.subject_kind = 'case' AND cw.subject_id = cases.id AND cw.status = 'open')")
	}
	if f.Severity != "" {
		w.Add("EXISTS (SELECT 1 FROM findings cw WHERE cw.subject_kind = 'case' AND cw.subject_id = cases.id AND cw.status = 'open' AND cw.severity = ?)", f.Severity)
	}
	if from, ok := dayStart(f.From); ok {
		w.Add("created_at >= ?", from)
	}
	if to, ok := dayStart(f.To); ok {
		w.Add("created_at < ?", to+24*3600*1000)
	}
	return w
}

// listRegionCol is how a page's query names the region code. For a scope
// of a city or more, with no agency, the rows of a page are best found by
// walking the index of the list's order and skipping other regions (one
// row in 16 for a city of Shandong); SQLite, whose statistics cannot tell
// that a range of codes holds most of the table, would instead read the
// whole city from the scope index and sort it. Writing the column as an
// expression keeps both engines off the scope index; a county, a township
// or an agency is narrow enough that its scope index is the better start.
func listRegionCol(p *auth.Principal, f *Filter) string {
	narrow := len(ident.RegionPrefix(f.Region))
	if p != nil {
		narrow = max(narrow, len(ident.RegionPrefix(p.Region)))
	}
	if (p != nil && p.Agency != "") || f.Agency != "" || narrow > 4 {
		return "region_code"
	}
	return "(region_code || '')"
}

// PartyHistoryFor lists the earlier decided cases of c's own party that
// viewer may see, newest first: the system's record for 首违不罚 (处罚法
// Art. 33 第一款 "初次违法"). It is bounded twice (probe M3, where any
// officer read a party's penalties in every region by typing its ID into a
// case): by the party of the case at hand — the stored party's kind and
// ID number, never a number given separately — and by what viewer may see
// of cases (auth.FilterCases, as every list), so the panel shows nothing
// the viewer could not open. A viewer who may not see c gets nothing.
// Annulled decisions do not count.
func PartyHistoryFor(ctx context.Context, q store.Querier, viewer *auth.Principal, c *Case) ([]HistoryItem, error) {
	if c == nil || c.Party.IDNumber == "" || !auth.CanSeeCase(viewer, c.Target()) {
		return nil, nil
	}
	w := &store.Where{}
	auth.FilterCases(viewer, w, "c.region_code", "c.agency_code")
	return partyHistory(ctx, q, w, c)
}

// PartyHistory is the old form of PartyHistoryFor, kept while the web
// package still calls it with an ID number and a case id.
//
// Deprecated: use PartyHistoryFor with the viewer and the case. Without a
// viewer this can only stay safe by showing the history inside the case's
// own region and agency, which every viewer of that case may see; cases
// of other agencies or regions are left out.
func PartyHistory(ctx context.Context, q store.Querier, idNumber string, exceptID int64) ([]HistoryItem, error) {
	if idNumber == "" {
		return nil, nil
	}
	c, err := getCase(ctx, q, `id = $1`, exceptID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if c.Party.IDNumber != idNumber {
		return nil, nil // not the party of that case
	}
	w := &store.Where{}
	w.Add("c.region_code = ? AND c.agency_code = ?", c.RegionCode, c.AgencyCode)
	return partyHistory(ctx, q, w, c)
}

// partyHistory lists the decided, not annulled cases of c's party other
// than c itself, inside the filter w.
func partyHistory(ctx context.Context, q store.Querier, w *store.Where, c *Case) ([]HistoryItem, error) {
	w.Add("c.party_id_number = ? AND c.party_kind = ? AND c.id <> ?", c.Party.IDNumber, c.Party.Kind, c.ID)
	w.Add(`c.decided_on <> '' AND c.events_json NOT LIKE '%"type":"annulled"%'`)
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.case_no, c.source_system, COALESCE(a.name, c.agency_code), c.matter_code,
		c.decided_on, c.outcome, c.fine_fen FROM cases c LEFT JOIN agencies a ON a.code = c.agency_code`+w.SQL()+
		` ORDER BY c.decided_on DESC, c.id DESC LIMIT 50`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []HistoryItem
	for rows.Next() {
		var h HistoryItem
		if err := rows.Scan(&h.CaseID, &h.CaseNo, &h.Source, &h.Agency, &h.Matter, &h.DecidedOn, &h.Outcome, &h.FineFen); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// Due is the case workflow's part in the kernel's due pass (flow.Pass):
// only cases whose next check has come are judged again.
func (s *Service) Due() flow.Due {
	return flow.Due{Kind: Workflow.Kind, Table: "cases", Batch: s.rejudgeBatch, Rejudge: func(ctx context.Context, id int64) error {
		_, err := s.Refresh(ctx, id)
		return err
	}}
}

// DailyPass re-judges every case whose clock may have run out by the
// context's today. It returns how many were re-judged.
func (s *Service) DailyPass(ctx context.Context) (int, error) {
	return flow.Pass(ctx, s.db, clock.TodayString(ctx), s.Due())
}
