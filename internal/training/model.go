// Package training is 法律培训互联网+ (issue 19, DOMAIN.md C2): courses with
// their material and the agencies' yearly plans, study time counted from a
// page's heartbeats into each officer's yearly 学时, the question bank
// (单选, 多选, 判断, each with the law and article it tests), mock exams
// drawn by law and difficulty and scored at once, and the official exam
// sessions (资格考试, 年检) whose results feed the certificate's lifecycle
// in package registry.
package training

import (
	"strconv"
	"time"

	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Service is the training capability on one database.
type Service struct{ db *store.DB }

// NewService returns the service on db.
func NewService(db *store.DB) *Service { return &Service{db: db} }

// Tracks of a course or plan: 岗前培训 for new officers, 业务轮训 for
// supervisors and officers in post, and general law study.
var Tracks = []registry.Option{{Value: "pre_job", Label: "岗前培训"}, {Value: "rotation", Label: "业务轮训"}, {Value: "general", Label: "公共法律知识"}}

// QuestionKinds are the question types of the bank.
var QuestionKinds = []registry.Option{{Value: "single", Label: "单选题"}, {Value: "multi", Label: "多选题"}, {Value: "judge", Label: "判断题"}}

// ExamKinds are the official exam sessions.
var ExamKinds = []registry.Option{{Value: "qualify", Label: "资格考试"}, {Value: "annual", Label: "年检考试"}}

// Difficulties are 1 易, 2 中, 3 难.
var Difficulties = []registry.Option{{Value: "1", Label: "易"}, {Value: "2", Label: "中"}, {Value: "3", Label: "难"}}

// FailActions are what a failed 年检 exam may do to the certificate.
var FailActions = []registry.Option{{Value: "record", Label: "仅记年审不合格"}, {Value: "suspended", Label: "暂扣证件并离岗培训"}, {Value: "revoked", Label: "吊销证件"}}

// Label is v's label in opts.
func Label(opts []registry.Option, v string) string { return registry.LabelOf(opts, v) }

func isOption(opts []registry.Option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

// SecondsPerHour is one 学时 of study: 45 minutes, the class hour the
// training rules count in (a 学时 is a lesson, not a clock hour).
const SecondsPerHour = 45 * 60

// Laws are the laws the bank's questions test, as the filters offer them.
var Laws = []string{"中华人民共和国行政处罚法", "中华人民共和国行政强制法", "行政执法监督条例", "山东省行政执法监督条例",
	"优化营商环境条例", "行政执法机关移送涉嫌犯罪案件的规定", "市场监督管理行政处罚信息公示规定"}

func parseDay(s string) (string, error) {
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", err
	}
	return s, nil
}

func atoiDay(s string) int { y, _ := strconv.Atoi(s[:4]); return y }
