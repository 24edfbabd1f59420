package supervision

import (
	"context"
	"database/sql"
	"errors"

	"zfjd/internal/apperr"
	"zfjd/internal/docs"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// A 通报 向社会公布 (行政执法监督条例 Art. 31) is published on the public
// portal: the list and the page of each one, in the words the body wrote,
// with personal data removed as the portal removes it from decisions
// (docs.MaskText: identity, telephone and bank numbers, addresses, third
// persons' names). A 通报 在一定范围内 (internal) never appears there.

// PublicNotice is a published 通报 as the portal shows it.
type PublicNotice struct {
	ID         int64  // the act's id
	DocNo      string // 监督通〔2026〕1号
	On         string // the 通报's date
	BodyName   string // the supervision body that issued it
	AgencyName string // the agency it is about
	RegionCode string
	Content    string // masked
}

// Title is the 通报's heading.
func (n *PublicNotice) Title() string { return "关于" + n.AgencyName + "行政执法问题的通报" }

// PublicNoticeFilter narrows the portal's list to a region subtree.
type PublicNoticeFilter struct{ Region string }

// publicScope is how a public 通报's data reads (json.Marshal of its map: sorted keys, no spaces).
const publicScope = `%"scope":"public"%`

const noticeCols = `a.id, a.doc_no, a.at, a.note, c.region_code, COALESCE(g.name, c.agency_code),
	COALESCE((SELECT MIN(b.name) FROM agencies b WHERE b.kind = 'supervision' AND b.region_code = c.body_region), '')`

const noticeFrom = ` FROM supervision_acts a JOIN supervision_cases c ON c.id = a.case_id LEFT JOIN agencies g ON g.code = c.agency_code`

func scanNotice(row interface{ Scan(...any) error }) (*PublicNotice, error) {
	n := &PublicNotice{}
	var note string
	if err := row.Scan(&n.ID, &n.DocNo, &n.On, &note, &n.RegionCode, &n.AgencyName, &n.BodyName); err != nil {
		return nil, err
	}
	if n.BodyName == "" {
		n.BodyName = "行政执法监督机构"
	}
	n.Content = docs.MaskText(note)
	return n, nil
}

// PublicNotices lists the published 通报, newest first, one page.
func PublicNotices(ctx context.Context, q store.Querier, f PublicNoticeFilter, pg *registry.Page) ([]*PublicNotice, error) {
	w := &store.Where{}
	w.Add("a.type = 'notice' AND a.data LIKE ?", publicScope)
	if f.Region != "" {
		if ident.ValidateRegionCode(f.Region) != nil {
			return nil, &apperr.Error{Code: apperr.Invalid, Message: "区划代码无效", Fields: apperr.Fields{"region": "区划代码无效"}}
		}
		prefix := ident.RegionPrefix(f.Region)
		w.Add("c.region_code >= ? AND c.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	pg.Normalize()
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*)`+noticeFrom+w.SQL(), w.Args...).Scan(&pg.Total); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+noticeCols+noticeFrom+w.SQL()+` ORDER BY a.id DESC LIMIT `+w.Arg(pg.Size)+
		` OFFSET `+w.Arg(pg.Offset()), w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*PublicNotice{}
	for rows.Next() {
		n, err := scanNotice(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// PublicNoticeByID is published 通报 id; 404 for any other act.
func PublicNoticeByID(ctx context.Context, q store.Querier, id int64) (*PublicNotice, error) {
	n, err := scanNotice(q.QueryRowContext(ctx, `SELECT `+noticeCols+noticeFrom+` WHERE a.id = $1 AND a.type = 'notice' AND a.data LIKE $2`,
		id, publicScope))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "该通报不存在或未向社会公布")
	}
	return n, err
}
