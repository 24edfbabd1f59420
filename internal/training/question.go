package training

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// Question is one question of the bank. Options are the choices of a
// single or multi question (A, B, ... in order); Answer is the letters of
// the right ones (A, AC) or T/F for a judge question.
type Question struct {
	ID          int64    `json:"id"`
	RegionCode  string   `json:"region_code"`
	Kind        string   `json:"kind"`
	Stem        string   `json:"stem"`
	Options     []string `json:"options"`
	Answer      string   `json:"answer"`
	Law         string   `json:"law"`
	Article     string   `json:"article"`
	Difficulty  int      `json:"difficulty"`
	Explanation string   `json:"explanation"`
}

// KindLabel is the question type in Chinese.
func (q *Question) KindLabel() string { return Label(QuestionKinds, q.Kind) }

// Basis is the law and article the question tests: 《行政处罚法》第三十六条.
func (q *Question) Basis() string { return "《" + q.Law + "》" + q.Article }

// Letter is the letter of option i (0 → A).
func Letter(i int) string { return string(rune('A' + i)) }

// AnswerLabel is the right answer as a reader sees it.
func (q *Question) AnswerLabel() string { return answerLabel(q.Kind, q.Answer) }

func answerLabel(kind, a string) string {
	if kind == "judge" {
		return map[string]string{"T": "正确", "F": "错误"}[a]
	}
	return a
}

func (q *Question) normalize() error {
	f := apperr.Fields{}
	q.Stem, q.Law, q.Article = strings.TrimSpace(q.Stem), strings.Trim(strings.TrimSpace(q.Law), "《》"), strings.TrimSpace(q.Article)
	q.Explanation = strings.TrimSpace(q.Explanation)
	if ident.ValidateRegionCode(q.RegionCode) != nil {
		f.Set("region_code", "请选择有效的行政区划")
	}
	if !isOption(QuestionKinds, q.Kind) {
		f.Set("kind", "题型应为单选题、多选题或判断题")
	}
	if q.Stem == "" {
		f.Set("stem", "请填写题干")
	}
	textcheck.CheckLines(f, "stem", q.Stem, 1000)
	if q.Law == "" {
		f.Set("law", "请填写所考查的法律")
	}
	textcheck.CheckText(f, "law", q.Law, 60)
	if q.Article == "" {
		f.Set("article", "请填写所考查的条款，如“第三十六条”")
	}
	textcheck.CheckText(f, "article", q.Article, 40)
	textcheck.CheckLines(f, "explanation", q.Explanation, 1000)
	if q.Difficulty < 1 || q.Difficulty > 3 {
		f.Set("difficulty", "难度应为1（易）、2（中）或3（难）")
	}
	q.Answer = strings.ToUpper(strings.Join(strings.Fields(q.Answer), ""))
	opts := q.Options[:0:0]
	for _, o := range q.Options {
		if o = strings.TrimSpace(o); o != "" {
			opts = append(opts, o)
		}
	}
	q.Options = opts
	switch q.Kind {
	case "judge":
		q.Options = nil
		q.Answer = map[string]string{"T": "T", "F": "F", "正确": "T", "错误": "F", "对": "T", "错": "F", "√": "T", "×": "F"}[q.Answer]
		if q.Answer == "" {
			f.Set("answer", "判断题的答案应为“正确”或“错误”")
		}
	case "single", "multi":
		if len(q.Options) < 2 || len(q.Options) > 8 {
			f.Set("options", "选择题应有2至8个选项")
		}
		for _, o := range q.Options {
			textcheck.CheckText(f, "options", o, 300)
		}
		letters := strings.Split(q.Answer, "")
		slices.Sort(letters)
		letters = slices.Compact(letters)
		q.Answer = strings.Join(letters, "")
		bad := q.Answer == ""
		for _, l := range letters {
			if l < "A" || l >= Letter(len(q.Options)) {
				bad = true
			}
		}
		switch {
		case bad:
			f.Set("answer", "答案应为选项字母，如 A 或 ACD")
		case q.Kind == "single" && len(letters) != 1:
			f.Set("answer", "单选题只有一个正确答案")
		case q.Kind == "multi" && len(letters) < 2:
			f.Set("answer", "多选题至少有两个正确答案")
		}
	}
	return f.Err()
}

// PutQuestion adds a question, or replaces the one of the same region and
// stem; it reports whether it was new.
func (s *Service) PutQuestion(ctx context.Context, p *auth.Principal, q *Question) (bool, error) {
	var created bool
	err := s.db.UpsertTx(ctx, func(tx *sql.Tx) error {
		var err error
		created, err = putQuestion(ctx, tx, p, q)
		return err
	})
	return created, err
}

func putQuestion(ctx context.Context, tx *sql.Tx, p *auth.Principal, q *Question) (bool, error) {
	if err := q.normalize(); err != nil {
		return false, err
	}
	if !auth.CanKeepExams(p, q.RegionCode) {
		return false, apperr.New(apperr.Forbidden, "只有本地区执法监督机构可以维护题库")
	}
	opts, _ := json.Marshal(q.Options)
	if q.Options == nil {
		opts = []byte("[]")
	}
	var old Question
	err := tx.QueryRowContext(ctx, `SELECT id FROM training_questions WHERE region_code = $1 AND stem = $2`, q.RegionCode, q.Stem).Scan(&old.ID)
	switch {
	case err == sql.ErrNoRows:
		err = tx.QueryRowContext(ctx, `INSERT INTO training_questions (region_code, kind, stem, options, answer, law, article, difficulty,
			explanation, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`, q.RegionCode, q.Kind, q.Stem, string(opts),
			q.Answer, q.Law, q.Article, q.Difficulty, q.Explanation, clock.Millis(ctx)).Scan(&q.ID)
		if err != nil {
			return false, err
		}
		return true, audit.Record(ctx, tx, p, "create", "training_question", itoa(q.ID), q.RegionCode, nil, q)
	case err != nil:
		return false, err
	}
	q.ID = old.ID
	if _, err := tx.ExecContext(ctx, `UPDATE training_questions SET kind=$2, options=$3, answer=$4, law=$5, article=$6, difficulty=$7,
		explanation=$8 WHERE id=$1`, q.ID, q.Kind, string(opts), q.Answer, q.Law, q.Article, q.Difficulty, q.Explanation); err != nil {
		return false, err
	}
	return false, audit.Record(ctx, tx, p, "update", "training_question", itoa(q.ID), q.RegionCode, nil, q)
}

// QuestionFilter narrows the bank's list.
type QuestionFilter struct {
	Law, Kind  string
	Difficulty int
	registry.Page
}

const questionCols = `id, region_code, kind, stem, options, answer, law, article, difficulty, explanation`

func scanQuestion(row interface{ Scan(...any) error }) (*Question, error) {
	var q Question
	var opts string
	if err := row.Scan(&q.ID, &q.RegionCode, &q.Kind, &q.Stem, &opts, &q.Answer, &q.Law, &q.Article, &q.Difficulty, &q.Explanation); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(opts), &q.Options); err != nil {
		return nil, err
	}
	return &q, nil
}

func (f *QuestionFilter) where(p *auth.Principal) *store.Where {
	w := &store.Where{}
	if !auth.CanViewSupervision(p) || p.Agency != "" {
		w.Add("1 = 0") // the bank is the certificate authority's: agencies do not read the answers
	}
	auth.FilterRegion(p, w, "region_code")
	if f.Law != "" {
		w.Add("law = ?", store.SearchTerm(f.Law))
	}
	if f.Kind != "" {
		w.Add("kind = ?", f.Kind)
	}
	if f.Difficulty > 0 {
		w.Add("difficulty = ?", f.Difficulty)
	}
	return w
}

// Questions lists the bank's questions p keeps, a page at a time.
func (s *Service) Questions(ctx context.Context, p *auth.Principal, f QuestionFilter) ([]*Question, registry.Page, error) {
	f.Page.Normalize()
	w := f.where(p)
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM training_questions`+w.SQL(), w.Args...).Scan(&f.Page.Total); err != nil {
		return nil, f.Page, err
	}
	lim, off := w.Arg(f.Page.Size), w.Arg(f.Page.Offset())
	out, err := s.queryQuestions(ctx, `SELECT `+questionCols+` FROM training_questions`+w.SQL()+` ORDER BY id LIMIT `+lim+` OFFSET `+off, w.Args...)
	return out, f.Page, err
}

func (s *Service) queryQuestions(ctx context.Context, q string, args ...any) ([]*Question, error) {
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Question
	for rows.Next() {
		qq, err := scanQuestion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, qq)
	}
	return out, rows.Err()
}
