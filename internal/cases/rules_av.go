package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// AV_RECORD_MISSING: 国办发〔2018〕118号 (三、全面推行执法全过程记录制度,
// （九）推行音像记录) requires 全程音像记录 of on-site acts that touch
// 重大财产权益 such as 查封扣押财产, and audio-video records of 现场检查、调查取证、
// 证据保全、听证 and other acts likely to be disputed as the agency's 音像记录清单
// lists them; 处罚法 Art. 47 requires 全过程记录 in 文字、音像等形式. An act of
// a type on the agency's list with no audio or video recording raises a
// yellow finding; a recording uploaded later settles it.
//
// The rule reads the case's recordings, which only zfjd holds: a case
// reported by another system carries none (its recordings are that
// system's), so the rule judges the cases handled in zfjd.

// avRule is the rule's row; init adds it to the engine's table.
var avRule = def("AV_RECORD_MISSING", "国办发〔2018〕118号（九）推行音像记录，《行政处罚法》第四十七条", "应音像记录的环节无音像记录", checkAVRecord)

func init() {
	rules = append(rules, avRule)
	ruleOrder[avRule.Code] = len(rules) - 1
	ruleBasis[avRule.Code] = avRule.Basis
}

// DefaultAVActs is the platform's 音像记录清单 for an agency that has not set
// its own: the acts of this workflow 国办发〔2018〕118号 names — 查封扣押
// (全程), 现场检查 and 调查取证 (recorded as 调查取证), 证据保全 (先行登记保存)
// and 听证. 强制执行 by the agency itself is not an act of the penalty
// workflow (申请法院强制执行 is a filing, not an on-site act); an agency
// that also records 送达 or others adds them to its list.
var DefaultAVActs = []string{"investigation", "evidence_preserved", "seized", "hearing_held"}

// AVRecords is what AV_RECORD_MISSING reads: the act types the agency's
// list requires a recording of, and the acts (by their place in the
// case's events) that have an audio or video recording of their type.
type AVRecords struct {
	Required []string
	Recorded map[int]string // event index → event type recorded
}

func checkAVRecord(j *judge) {
	av := j.env.AV
	if av == nil {
		return
	}
	for i := range j.c.Events {
		e := &j.c.Events[i]
		if !slices.Contains(av.Required, e.Type) || av.Recorded[i] == e.Type {
			continue
		}
		j.fire("AV_RECORD_MISSING", "yellow", fmt.Sprintf("%d", i), e.when.Date,
			"“%s”（%s）没有音像记录，本机关音像记录清单要求该环节进行音像记录", EventLabel(e.Type), e.when.Date)
	}
}

// loadAV reads the agency's list and the case's audio and video
// recordings into env.AV, for the cases handled in zfjd.
func loadAV(ctx context.Context, q store.Querier, c *Case, env *Env, m *envMemo) error {
	if c.SourceSystem != "zfjd" {
		return nil
	}
	req, err := m.avList(ctx, q, c.AgencyCode)
	if err != nil {
		return err
	}
	av := &AVRecords{Required: req, Recorded: map[int]string{}}
	if rec, ok := m.pageRecordings(c.ID); ok {
		maps.Copy(av.Recorded, rec)
	} else if c.ID != 0 {
		rows, err := q.QueryContext(ctx, `SELECT event_index, event_type FROM act_recordings
			WHERE case_id = $1 AND kind IN ('audio', 'video')`, c.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var i int
			var t string
			if err := rows.Scan(&i, &t); err != nil {
				return err
			}
			av.Recorded[i] = t
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	env.AV = av
	return nil
}

// AVList is agency's 音像记录清单 and whether the agency set it (false: the default).
func AVList(ctx context.Context, q store.Querier, agency string) ([]string, bool, error) {
	var s string
	err := q.QueryRowContext(ctx, `SELECT act_types FROM agency_av_lists WHERE agency_code = $1`, agency).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return slices.Clone(DefaultAVActs), false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return splitCodes(s), true, nil
}

// SetAVList sets agency's 音像记录清单 to the event types acts (field
// act_types): who may set the agency's case rules (PutAgencyRules).
// Its cases are judged anew as they are next read or written.
func SetAVList(ctx context.Context, db *store.DB, p *auth.Principal, agency string, acts []string) error {
	var region string
	err := db.R.QueryRowContext(ctx, `SELECT region_code FROM agencies WHERE code = $1`, agency).Scan(&region)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.NotFoundf("执法主体")
	}
	if err != nil {
		return err
	}
	t := auth.Target{Region: region, Agencies: []string{agency}}
	if !auth.CanSee(p, t) {
		return apperr.NotFoundf("执法主体")
	}
	if !auth.CanChange(p, auth.KindBenchmark, t) {
		return apperr.New(apperr.Forbidden, "您的角色无权修改本机关的音像记录清单")
	}
	var clean []string
	for _, a := range acts {
		a = strings.TrimSpace(a)
		if a == "" || slices.Contains(clean, a) {
			continue
		}
		if !knownEvent(a) {
			return &apperr.Error{Code: apperr.Invalid, Message: "音像记录清单含未知的办案环节：" + a,
				Fields: apperr.Fields{"act_types": "未知的办案环节：" + a}}
		}
		clean = append(clean, a)
	}
	before, _, err := AVList(ctx, db.R, agency)
	if err != nil {
		return err
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		now := clock.Millis(ctx)
		if _, err := tx.ExecContext(ctx, `INSERT INTO agency_av_lists (agency_code, act_types, updated_by, updated_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT (agency_code) DO UPDATE SET act_types = excluded.act_types,
			updated_by = excluded.updated_by, updated_at = excluded.updated_at`, agency, strings.Join(clean, ","), p.Name, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET next_check = $1 WHERE agency_code = $2 AND source_system = 'zfjd'`,
			clock.TodayString(ctx), agency); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "update", "av_list", agency, region, before, clean)
	})
}

// AVListView is an agency's 音像记录清单 as its page shows it.
type AVListView struct {
	AgencyCode, AgencyName string
	Acts                   []string // the act types that must have a recording
	Set                    bool     // the agency set it (false: the default)
	CanEdit                bool
}

// GetAVList reads agency's 音像记录清单 for p: whoever may see the agency.
func GetAVList(ctx context.Context, db *store.DB, p *auth.Principal, agency string) (*AVListView, error) {
	v := &AVListView{AgencyCode: agency}
	var region string
	err := db.R.QueryRowContext(ctx, `SELECT name, region_code FROM agencies WHERE code = $1`, agency).Scan(&v.AgencyName, &region)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("执法主体")
	}
	if err != nil {
		return nil, err
	}
	t := auth.Target{Region: region, Agencies: []string{agency}}
	if !auth.CanSee(p, t) {
		return nil, apperr.NotFoundf("执法主体")
	}
	v.CanEdit = auth.CanChange(p, auth.KindBenchmark, t)
	v.Acts, v.Set, err = AVList(ctx, db.R, agency)
	return v, err
}
