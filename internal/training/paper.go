package training

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Draw picks n of the candidate question ids at random (each paper its
// own draw), in the order they will be asked.
func Draw(cands []int64, n int, rnd *rand.Rand) []int64 {
	c := slices.Clone(cands)
	rnd.Shuffle(len(c), func(i, j int) { c[i], c[j] = c[j], c[i] })
	return c[:min(n, len(c))]
}

// Wrong is a question answered wrongly (or not at all) with what was given.
type Wrong struct {
	Q     *Question
	Given string
}

// GivenLabel is the answer given as a reader sees it.
func (w Wrong) GivenLabel() string {
	if w.Given == "" {
		return "未作答"
	}
	return answerLabel(w.Q.Kind, w.Given)
}

// NormalizeAnswer is a submitted answer as the bank writes them: letters
// sorted without repeats (a multi question is right only when exactly the
// right options are chosen), T or F for a judge question.
func NormalizeAnswer(kind string, given []string) string {
	var ls []string
	for _, g := range given {
		g = strings.ToUpper(strings.TrimSpace(g))
		if g != "" {
			ls = append(ls, g)
		}
	}
	slices.Sort(ls)
	ls = slices.Compact(ls)
	if kind != "multi" && len(ls) > 1 {
		return "" // one answer only: several is no answer
	}
	return strings.Join(ls, "")
}

// Score marks a paper: 100 points shared equally, rounded down, and the
// questions answered wrongly in paper order. answers is by question id.
func Score(qs []*Question, answers map[string]string) (int, []Wrong) {
	if len(qs) == 0 {
		return 0, nil
	}
	right := 0
	var wrong []Wrong
	for _, q := range qs {
		given := answers[strconv.FormatInt(q.ID, 10)]
		if given != "" && given == q.Answer {
			right++
			continue
		}
		wrong = append(wrong, Wrong{Q: q, Given: given})
	}
	return right * 100 / len(qs), wrong
}
