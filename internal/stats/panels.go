package stats

import (
	"context"
	"fmt"
	"strconv"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/warning"
)

// A panel is another capability's numbers on the dashboard, for the same
// viewer, region, agency and period: warnings and certificates below;
// complaints (C11) and inspections (C9) call RegisterPanel from their own
// package (an init function) when their tables exist, and the dashboard,
// its xlsx and the API show them without a change here.

// Panel is one titled group of numbers.
type Panel struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	Link  string `json:"link,omitempty"` // the capability's own page
	Tiles []Tile `json:"tiles"`
	// Tables break the panel's counts down (by region, by month) on the
	// page and in the xlsx; not in the API's answer (openapi.yaml's Panel).
	Tables []PanelTable `json:"-"`
}

// PanelTable is a small table of a panel.
type PanelTable struct {
	Title string     `json:"title"`
	Head  []string   `json:"head"`
	Rows  [][]string `json:"rows"`
}

// Tile is one number with its name and what it was counted from.
type Tile struct {
	Label string `json:"label"`
	Value string `json:"value"`
	Note  string `json:"note,omitempty"`
}

// PanelFunc computes a panel for p and f (f already checked), or nil to
// show none.
type PanelFunc func(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter) (*Panel, error)

var panels []PanelFunc

// RegisterPanel adds a panel to every dashboard (call from an init).
func RegisterPanel(fn PanelFunc) { panels = append(panels, fn) }

func init() {
	RegisterPanel(warningPanel)
	RegisterPanel(certificatePanel)
}

func panelsFor(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter) ([]Panel, error) {
	out := []Panel{}
	for _, fn := range panels {
		pn, err := fn(ctx, db, p, f)
		if err != nil {
			return nil, err
		}
		if pn != nil {
			out = append(out, *pn)
		}
	}
	return out, nil
}

// Dates is f's period as civil dates (first day of From, last of To).
func Dates(f *Filter) (from, to string) {
	b, _ := parseMonth(f.To)
	return f.From + "-01", b.AddDate(0, 1, -1).Format("2006-01-02")
}

// Pct renders a 0..1 rate as a percentage with one decimal.
func Pct(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }

// warningPanel is the warning dashboard's totals (package warning).
func warningPanel(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter) (*Panel, error) {
	if f.Agency != "" && p.Agency == "" {
		return nil, nil // the warning dashboard has no single-agency view for supervision
	}
	from, to := Dates(f)
	t, err := warning.GetTotals(ctx, db, p, &warning.StatsFilter{Region: f.Region, From: from, To: to})
	if err != nil {
		return nil, err
	}
	return &Panel{Key: "warnings", Title: "电子监察预警", Link: "/supervision/dashboard?region_code=" + f.Region + "&from=" + from + "&to=" + to,
		Tiles: []Tile{
			{Label: "预警总数", Value: strconv.Itoa(t.Warnings), Note: fmt.Sprintf("红色 %d · 黄色 %d", t.Red, t.Yellow)},
			{Label: "预警率", Value: Pct(t.WarningRate), Note: fmt.Sprintf("%d / %d 件案件", t.CasesWithWarnings, t.Cases)},
			{Label: "整改率", Value: Pct(t.RectifiedRate), Note: fmt.Sprintf("%d / %d", t.Rectified, t.NeedSign)},
			{Label: "超期未办", Value: strconv.Itoa(t.Overdue)},
		}}, nil
}

// CertExpiringDays is how far ahead a valid certificate counts as 即将过期.
const CertExpiringDays = 90

// Certs are the certificate numbers of a scope today.
type Certs struct {
	Total, Valid, Expiring int
}

// Rate is 持证率 as the registry can know it: officers whose certificate
// is valid today over the officers registered (staff without any
// certificate are not in the register).
func (c Certs) Rate() float64 { return ratio(int64(c.Valid), int64(c.Total), 10000) }

// CertsOf counts the certificates of p's scope narrowed to region and
// agency (both already within p's scope).
func CertsOf(ctx context.Context, db *store.DB, p *auth.Principal, region, agency string) (Certs, error) {
	q := *p
	q.Region = region
	if agency != "" {
		q.Agency = agency
	}
	today := clock.Today(ctx)
	by, expiring, err := registry.CountOfficerCerts(ctx, db, &q, today.AddDays(CertExpiringDays).String())
	if err != nil {
		return Certs{}, err
	}
	c := Certs{Valid: by["valid"], Expiring: expiring}
	for _, n := range by {
		c.Total += n
	}
	return c, nil
}

func certificatePanel(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter) (*Panel, error) {
	c, err := CertsOf(ctx, db, p, f.Region, f.Agency)
	if err != nil {
		return nil, err
	}
	return &Panel{Key: "certificates", Title: "执法证件（截至今日）", Link: "/officers", Tiles: []Tile{
		{Label: "持证率", Value: Pct(c.Rate()), Note: fmt.Sprintf("有效证件 %d / 在册人员 %d", c.Valid, c.Total)},
		{Label: "即将过期", Value: strconv.Itoa(c.Expiring), Note: fmt.Sprintf("%d日内到期的有效证件", CertExpiringDays)},
	}}, nil
}
