package complaint

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
)

// Tracking is what the complainant reads with the tracking code and the
// secret (GET /api/v1/public/complaints/{tracking_code}).
type Tracking struct {
	Status  string       `json:"status"`
	History []PublicStep `json:"history"`
	Answer  string       `json:"answer"`
	Rating  *int         `json:"rating"`

	// Page fields.
	TrackingCode  string `json:"-"`
	Category      string `json:"-"`
	ReceivedOn    string `json:"-"`
	AnswerBy      string `json:"-"`
	RatingComment string `json:"-"`
	Rateable      bool   `json:"-"`
}

// PublicStep is one public step: what happened and when, never who.
type PublicStep struct {
	Action string `json:"action"`
	At     string `json:"at"`
}

// MaxRatingComment is the longest rating comment, in characters.
const MaxRatingComment = 500

// byCode loads the complaint of code when secret is its secret; a wrong
// secret is "not found", as an unknown code is (spec §3).
func byCode(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}, code, secret string) (*Complaint, error) {
	code = NormalizeCode(code)
	var id int64
	var hash string
	err := q.QueryRowContext(ctx, `SELECT id, secret_hash FROM complaints WHERE tracking_code = $1`, code).Scan(&id, &hash)
	if errors.Is(err, sql.ErrNoRows) || err == nil && subtle.ConstantTimeCompare([]byte(hash), []byte(hashSecret(secret))) != 1 {
		return nil, apperr.NotFoundf("投诉")
	}
	if err != nil {
		return nil, err
	}
	return scan(q.QueryRowContext(ctx, `SELECT `+cols+from+` WHERE c.id = $1`, id))
}

// Track answers the complainant: status, public steps, answer, rating.
func (s *Service) Track(ctx context.Context, code, secret string) (*Tracking, error) {
	c, err := byCode(ctx, s.db.W, code, secret)
	if err != nil {
		return nil, err
	}
	if err := s.fill(ctx, s.db.W, c); err != nil {
		return nil, err
	}
	t := &Tracking{Status: c.Status, History: []PublicStep{}, Answer: c.Answer, TrackingCode: c.TrackingCode,
		Category: c.Category, ReceivedOn: c.ReceivedOn, AnswerBy: c.Deadlines.Answer, RatingComment: c.RatingNote,
		Rateable: rateable(c)}
	if c.Rating > 0 {
		t.Rating = &c.Rating
	}
	for _, st := range c.History {
		if public[st.Action] {
			t.History = append(t.History, PublicStep{Action: st.Action, At: st.At})
		}
	}
	return t, nil
}

func rateable(c *Complaint) bool {
	return c.Rating == 0 && (c.Status == StatusAnswered || c.Status == StatusClosed)
}

// Rate records the complainant's satisfaction once the complaint is
// answered (POST .../rating): 1–5, once; 409 before the answer or after a
// rating.
func (s *Service) Rate(ctx context.Context, code, secret string, score int, comment string) (*Tracking, error) {
	comment = clean(comment)
	bad := apperr.Fields{}
	if score < 1 || score > 5 {
		bad.Set("score", "评分应为1到5")
	}
	if utf8.RuneCountInString(comment) > MaxRatingComment {
		bad.Set("comment", "不能超过"+itoa(MaxRatingComment)+"字")
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	err := s.dbRetry(ctx, func(tx *sql.Tx) error {
		c, err := byCode(ctx, tx, code, secret)
		if err != nil {
			return err
		}
		if c.Rating != 0 {
			return apperr.New(apperr.Conflict, "该投诉已评价过")
		}
		if !rateable(c) {
			return apperr.New(apperr.Conflict, "投诉答复后才能评价（当前状态：%s）", StatusLabel(c.Status))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE complaints SET rating = $2, rating_comment = $3, updated_at = $4 WHERE id = $1`,
			c.ID, score, comment, clock.Millis(ctx)); err != nil {
			return err
		}
		c.Rating = score
		st, err := event(ctx, tx, c, nil, "rated", itoa(score)+"分 "+comment, "", "")
		if err != nil {
			return err
		}
		return s.save(ctx, tx, nil, c, st, "rated", map[string]any{"rating": 0})
	})
	if err != nil {
		return nil, err
	}
	return s.Track(ctx, code, secret)
}
