package review

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
)

// Publish publishes the campaign's results to the agencies once every file
// is final, and opens a supervision case (source "review") for each file
// found 不合格, so the finding is rectified (条例 Art. 18, 26), and a warning
// for each item deducted on the other files (rectify.go). It is one
// transaction: the publication, every rectification case and warning, or nothing.
func (s *Service) Publish(ctx context.Context, p *auth.Principal, id int64) error {
	return flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		c, err := loadCampaign(ctx, tx, id)
		if err != nil {
			return err
		}
		if !IsBody(p, c) {
			return apperr.NotFoundf("评查活动")
		}
		if c.Status != CampaignDrawn {
			return apperr.New(apperr.Conflict, "只能公布已抽取样本、尚未公布的评查活动")
		}
		w := &store.Where{}
		w.Add("f.campaign_id = ?", c.ID)
		files, err := listFiles(ctx, tx, w)
		if err != nil {
			return err
		}
		for _, f := range files {
			if f.Status != FileFinal {
				return apperr.New(apperr.Conflict, "还有案卷未评定（%s）", f.Label())
			}
		}
		opened := 0
		for _, f := range files {
			if f.Verdict != VerdictFail || f.SupervisionCaseID != 0 {
				continue
			}
			sc, err := supervision.OpenTx(ctx, tx, p, supervision.Opening{RegionCode: f.RegionCode, AgencyCode: f.AgencyCode, Source: "review",
				SourceRef: fmt.Sprintf("评查活动%d/案卷%d", c.ID, f.ID), PenaltyCaseID: f.CaseID,
				Summary: fmt.Sprintf("%s：%s案卷%s评为不合格（%d分），请整改", c.Name, f.KindLabel(), f.Label(), f.FinalScore)})
			if err != nil {
				if e := apperr.As(err); e.Code == apperr.Invalid || e.Code == apperr.Forbidden {
					return apperr.New(e.Code, "案卷%s的整改监督案件无法立案（%s），评查结果未公布", f.CaseNo, e.Message)
				}
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE review_files SET supervision_case_id = $2 WHERE id = $1`, f.ID, sc); err != nil {
				return err
			}
			opened++
		}
		stds, err := loadStandards(ctx, tx, c)
		if err != nil {
			return err
		}
		carded, err := issueFailCards(ctx, tx, p, c, files)
		if err != nil {
			return err
		}
		warned, err := raiseItemFindings(ctx, tx, stds, c, files)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE review_campaigns SET status = 'published', published_at = $2, version = version + 1
			WHERE id = $1 AND version = $3`, id, clock.Millis(ctx), c.version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "评查活动已被他人同时修改，请刷新后重试")
		}
		return audit.Record(ctx, tx, p, "publish", "review_campaign", strconv.FormatInt(id, 10), c.BodyRegion, nil,
			map[string]any{"files": len(files), "rectification_cases": opened, "item_warnings": warned, "officer_cards": carded})
	})
}
