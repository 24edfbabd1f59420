package review

import (
	"context"
	"database/sql"
	"fmt"
	"math"

	"zfjd/internal/clock"
	"zfjd/internal/flow"
)

// Rectification of what a review found wrong (条例 Art. 18: 发现问题的督促
// 整改; Art. 26): a file found 不合格 opens a supervision case
// (publish.go); on a file that is not, each item deducted in its final
// sheet raises a warning (subject kind "review_file", rule
// REVIEW_ITEM_DEDUCTED, one per item) that the agency handles in warning
// handling like any other: 签收 → 整改 → 核查 → 销号.

// SubjectFile is the findings' subject kind of a reviewed file.
const SubjectFile = "review_file"

// RuleItemDeducted is the rule of a warning raised by a deducted item.
const RuleItemDeducted = "REVIEW_ITEM_DEDUCTED"

// agreedDeductions are the items every reviewer deducted on, each with the
// mean of their deductions (rounded): what the reviewers agree is wrong.
func agreedDeductions(ms []Mark) map[string]int {
	out := map[string]int{}
	if len(ms) == 0 {
		return out
	}
	for code := range ms[0].Sheet.Deductions {
		sum, all := 0, true
		for _, m := range ms {
			n := m.Sheet.Deductions[code]
			all = all && n > 0
			sum += n
		}
		if all {
			out[code] = int(math.Round(float64(sum) / float64(len(ms))))
		}
	}
	return out
}

func positive(d map[string]int) map[string]int {
	out := map[string]int{}
	for k, n := range d {
		if n > 0 {
			out[k] = n
		}
	}
	return out
}

// ItemFindings are the warnings of a final file that is not 不合格: one per
// item deducted, in the standard's order.
func ItemFindings(std *Standard, c *Campaign, f *File) []flow.Finding {
	if f.Verdict == VerdictFail {
		return nil
	}
	var out []flow.Finding
	for _, it := range std.Items {
		n := min(f.FinalDeductions[it.Code], it.Points)
		if n <= 0 {
			continue
		}
		out = append(out, flow.Finding{Rule: RuleItemDeducted, Key: it.Code, Severity: "yellow",
			Message: fmt.Sprintf("%s：案卷%s“%s %s”扣%d分，请整改", c.Name, f.Label(), it.Code, it.Title, n),
			Basis:   fmt.Sprintf("《行政执法监督条例》第十八条；%s（第%d版）", std.Name, std.Version)})
	}
	return out
}

// raiseItemFindings raises the item warnings of the campaign's files (in
// the publication's transaction); it reports how many it raised.
func raiseItemFindings(ctx context.Context, tx *sql.Tx, stds map[string]*Standard, c *Campaign, files []*File) (int, error) {
	n := 0
	for _, f := range files {
		std := stds[f.Kind]
		if std == nil {
			continue
		}
		fs := ItemFindings(std, c, f)
		if len(fs) == 0 {
			continue
		}
		s := flow.Subject{Kind: SubjectFile, ID: f.ID, Region: f.RegionCode, Agency: f.AgencyCode}
		if err := flow.SyncFindings(ctx, tx, s, fs, clock.Millis(ctx)); err != nil {
			return n, err
		}
		n += len(fs)
	}
	return n, nil
}
