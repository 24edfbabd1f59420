package license

import (
	"context"
	"database/sql"
	"fmt"

	"zfjd/internal/clock"
	"zfjd/internal/coordination"
	"zfjd/internal/flow"
	"zfjd/internal/store"
)

// The notices of 审批监管处罚衔接, each sent once and recorded in
// license_notices:
//   - granted: a licence granted is notified to the supervising agency
//     (行政许可法 Art. 61 ¶1: the licensing body oversees the holder's
//     activity; where another agency supervises it, it must know);
//   - revoked: a licence revoked, withdrawn or cancelled likewise, so its
//     supervision stops and an activity without one is found;
//   - penalty: a penalty case of another agency whose decision suspends or
//     revokes a licence (暂扣、吊销许可证件) is notified to the licensing
//     agency, for the licence's 注销 (Art. 70 (四)) — when the licence
//     is on the platform before the decision (at the licence's PUT) and
//     when the decision comes after (LinkPass, a background job).

// Notice kinds in license_notices.
const (
	NoticeGranted = "granted"
	NoticeRevoked = "revoked"
	NoticePenalty = "penalty"
)

// notifyTx sends the notices l calls for now, in tx.
func notifyTx(ctx context.Context, tx *sql.Tx, l *License) error {
	if l.SupervisorCode != "" {
		var matter string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM matters WHERE code = $1`, l.MatterCode).Scan(&matter); err != nil {
			return err
		}
		no := ""
		if l.LicenseNo != "" {
			no = "（许可证编号" + l.LicenseNo + "）"
		}
		if on := l.Dates[Granted]; on != "" {
			err := noticeOnce(ctx, tx, l.ID, 0, NoticeGranted, coordination.Notice{Kind: "licence_grant", Sender: l.AgencyCode,
				Recipient: l.SupervisorCode, Subject: "准予许可：" + matter + "（" + l.Party.Name + "）",
				Summary: fmt.Sprintf("%s于%s准予%s“%s”行政许可%s%s。依照《中华人民共和国行政许可法》第六十一条，请将其纳入事中事后监管。",
					agencyName(ctx, tx, l.AgencyCode), on, l.Party.Name, matter, no, validTo(l))})
			if err != nil {
				return err
			}
		}
		if t, on := endOf(l); on != "" {
			err := noticeOnce(ctx, tx, l.ID, 0, NoticeRevoked, coordination.Notice{Kind: "licence_grant", Sender: l.AgencyCode,
				Recipient: l.SupervisorCode, Subject: EventLabel(t) + "许可：" + matter + "（" + l.Party.Name + "）",
				Summary: fmt.Sprintf("%s于%s%s%s的“%s”行政许可%s。该许可已不再有效，请在监管中核查其是否继续从事许可事项。",
					agencyName(ctx, tx, l.AgencyCode), on, EventLabel(t), l.Party.Name, matter, no)})
			if err != nil {
				return err
			}
		}
	}
	_, err := linkTx(ctx, tx, l)
	return err
}

func validTo(l *License) string {
	for i := len(l.Events) - 1; i >= 0; i-- {
		if l.Events[i].ValidTo != "" {
			return "，有效期至" + l.Events[i].ValidTo
		}
	}
	return ""
}

// endOf is the step that ended l and its date ("" while in force).
func endOf(l *License) (string, string) {
	for _, t := range ended {
		if on := l.Dates[t]; on != "" {
			return t, on
		}
	}
	return "", ""
}

func agencyName(ctx context.Context, q store.Querier, code string) string {
	var n string
	if q.QueryRowContext(ctx, `SELECT name FROM agencies WHERE code = $1`, code).Scan(&n) != nil {
		return code
	}
	return n
}

// noticeOnce sends n unless the notice (license, case, kind) was sent.
func noticeOnce(ctx context.Context, tx *sql.Tx, license, caseID int64, kind string, n coordination.Notice) error {
	var sent int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM license_notices WHERE license_id = $1 AND case_id = $2 AND kind = $3 AND assist_id <> 0`,
		license, caseID, kind).Scan(&sent); err != nil || sent > 0 {
		return err
	}
	id, err := coordination.NoticeTx(ctx, tx, n)
	if err != nil {
		return err
	}
	return markNotice(ctx, tx, license, caseID, kind, id)
}

// markNotice records that (license, case, kind) was looked at: assist is
// the notice sent, 0 for a case whose decision touches no licence (looked
// at again once the case changes).
func markNotice(ctx context.Context, tx *sql.Tx, license, caseID int64, kind string, assist int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO license_notices (license_id, case_id, kind, assist_id, created_at) VALUES ($1,$2,$3,$4,$5)
		ON CONFLICT (license_id, case_id, kind) DO UPDATE SET assist_id = excluded.assist_id, created_at = excluded.created_at`,
		license, caseID, kind, assist, clock.Millis(ctx))
	return err
}

// pendingCases is the condition of a penalty case c of another agency on
// licence l's holder, decided while l was in force, not yet looked at
// since it last changed.
const pendingCases = ` c.party_id_number = l.party_id_number AND c.outcome = 'penalty' AND c.decided_on <> ''
	AND c.decided_on >= l.granted_on AND (l.ended_on = '' OR c.decided_on <= l.ended_on) AND c.agency_code <> l.agency_code
	AND NOT EXISTS (SELECT 1 FROM license_notices n WHERE n.license_id = l.id AND n.case_id = c.id AND n.kind = 'penalty'
		AND (n.assist_id <> 0 OR n.created_at >= c.updated_at))`

// linkTx notifies l's licensing agency of the penalty cases on its holder
// that suspend or revoke a licence, in tx; it returns how many it sent.
func linkTx(ctx context.Context, tx *sql.Tx, l *License) (int, error) {
	if l.Dates[Granted] == "" || l.Party.IDNumber == "" {
		return 0, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.agency_code, c.events_json, c.case_no, c.title, c.decided_on
		FROM licenses l JOIN cases c ON`+pendingCases+` WHERE l.id = $1 ORDER BY c.id`, l.ID)
	if err != nil {
		return 0, err
	}
	type hit struct {
		id                              int64
		agency, events, no, title, date string
	}
	var hits []hit
	for rows.Next() {
		var h hit
		if err := rows.Scan(&h.id, &h.agency, &h.events, &h.no, &h.title, &h.date); err != nil {
			rows.Close()
			return 0, err
		}
		hits = append(hits, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	sent := 0
	for _, h := range hits {
		if !coordination.TouchesLicence(h.events) {
			if err := markNotice(ctx, tx, l.ID, h.id, NoticePenalty, 0); err != nil {
				return sent, err
			}
			continue
		}
		no := ""
		if l.LicenseNo != "" {
			no = "（编号" + l.LicenseNo + "）"
		}
		name := h.no
		if name == "" {
			name = h.title
		}
		err := noticeOnce(ctx, tx, l.ID, h.id, NoticePenalty, coordination.Notice{Kind: "licence", Sender: h.agency, Recipient: l.AgencyCode,
			CaseID: h.id, Subject: "处罚决定暂扣或吊销许可证件：" + l.Party.Name,
			Summary: fmt.Sprintf("案件%s于%s作出的行政处罚决定暂扣或吊销许可证件；当事人%s持有贵机关%s准予的行政许可%s。"+
				"请依照《中华人民共和国行政许可法》第七十条办理注销等后续事项，并答复处理结果。", name, h.date, l.Party.Name, l.Dates[Granted], no)})
		if err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// LinkPass looks at the penalty cases decided or changed since they were
// last looked at on the holders of licences on the platform, and notifies
// the licensing agencies of those that suspend or revoke a licence. It
// returns how many notices it sent. At most batch licences a run.
func (s *Service) LinkPass(ctx context.Context, batch int) (int, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT DISTINCT l.id FROM licenses l JOIN cases c ON`+pendingCases+`
		WHERE l.granted_on <> '' ORDER BY l.id LIMIT $1`, batch)
	if err != nil {
		return 0, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	sent := 0
	for _, id := range ids {
		n := 0
		err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
			l, err := get(ctx, tx, id)
			if err != nil {
				return err
			}
			n, err = linkTx(ctx, tx, l)
			return err
		})
		if err != nil {
			return sent, err
		}
		sent += n
	}
	return sent, nil
}

func noticeIDs(ctx context.Context, q store.Querier, license int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT assist_id FROM license_notices WHERE license_id = $1 AND assist_id <> 0 ORDER BY assist_id`, license)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
