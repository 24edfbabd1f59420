package training

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
)

// The bank's workbook: one question a row, the options one a line in one
// cell. Export writes what import reads.
var QuestionHead = []string{"题型", "题干", "选项（每行一个）", "答案", "法律", "条款", "难度", "解析"}

var fieldOrder = []string{"kind", "stem", "options", "answer", "law", "article", "difficulty", "explanation", "region_code"}

var columnOf = map[string]string{"kind": "题型", "stem": "题干", "options": "选项", "answer": "答案", "law": "法律", "article": "条款",
	"difficulty": "难度", "explanation": "解析", "region_code": "行政区划"}

// MaxImportRows bounds one import.
const MaxImportRows = 5000

// Row is a question as a row of the workbook.
func (q *Question) Row() []any {
	return []any{q.KindLabel(), q.Stem, strings.Join(q.Options, "\n"), q.AnswerLabel(), q.Law, q.Article, Label(Difficulties, strconv.Itoa(q.Difficulty)), q.Explanation}
}

// ParseQuestionRow reads one row of the workbook into a question of region.
func ParseQuestionRow(region string, cells []string) *Question {
	get := func(i int) string {
		if i < len(cells) {
			return strings.TrimSpace(cells[i])
		}
		return ""
	}
	q := &Question{RegionCode: region, Stem: get(1), Answer: get(3), Law: get(4), Article: get(5), Explanation: get(7)}
	for _, k := range QuestionKinds {
		if get(0) == k.Label || get(0) == k.Value || get(0)+"题" == k.Label {
			q.Kind = k.Value
		}
	}
	for _, d := range Difficulties {
		if get(6) == d.Label || get(6) == d.Value {
			q.Difficulty, _ = strconv.Atoi(d.Value)
		}
	}
	if o := get(2); o != "" {
		q.Options = strings.Split(strings.ReplaceAll(o, "\r\n", "\n"), "\n")
	}
	return q
}

// ImportQuestions reads a workbook of questions for region: all or
// nothing, each problem named by its row and field.
func (s *Service) ImportQuestions(ctx context.Context, p *auth.Principal, region string, r io.Reader) (added, replaced int, err error) {
	if !auth.CanKeepExams(p, region) {
		return 0, 0, apperr.New(apperr.Forbidden, "只有本地区执法监督机构可以导入题库")
	}
	data, err := io.ReadAll(io.LimitReader(r, 20<<20))
	if err != nil {
		return 0, 0, err
	}
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return 0, 0, invalidFile("文件不是有效的xlsx工作簿")
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetName(0))
	if err != nil {
		return 0, 0, invalidFile("无法读取工作表")
	}
	if len(rows) < 2 {
		return 0, 0, invalidFile("工作表没有试题（第一行为表头）")
	}
	if len(rows)-1 > MaxImportRows {
		return 0, 0, invalidFile(fmt.Sprintf("一次最多导入%d道题", MaxImportRows))
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		added, replaced = 0, 0
		for i, cells := range rows[1:] {
			if strings.TrimSpace(strings.Join(cells, "")) == "" {
				continue
			}
			q := ParseQuestionRow(region, cells)
			created, err := putQuestion(ctx, tx, p, q)
			if err != nil {
				e := apperr.As(err)
				for _, field := range fieldOrder {
					if msg, ok := e.Fields[field]; ok {
						return invalidFile(fmt.Sprintf("第%d行“%s”：%s", i+2, columnOf[field], msg))
					}
				}
				return err
			}
			if created {
				added++
			} else {
				replaced++
			}
		}
		return nil
	})
	return added, replaced, err
}

func invalidFile(msg string) error {
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"file": msg}}
}

// EachQuestion calls add for every question of the filter (an export).
func (s *Service) EachQuestion(ctx context.Context, p *auth.Principal, f QuestionFilter, add func(q *Question) bool) error {
	w := f.where(p)
	qs, err := s.queryQuestions(ctx, `SELECT `+questionCols+` FROM training_questions`+w.SQL()+` ORDER BY id LIMIT 50000`, w.Args...)
	if err != nil {
		return err
	}
	for _, q := range qs {
		if !add(q) {
			break
		}
	}
	return nil
}
