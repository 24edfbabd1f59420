package docs

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestMaskPrefiltersChangeNothing: the plain checks that let masking skip
// a pattern (mayIntroducePerson, streetMayMatch) never skip one that
// would have matched: on the probe's text and on random texts built of
// the patterns' words, masking with them equals running every pattern.
func TestMaskPrefiltersChangeNothing(t *testing.T) {
	pieces := append(strings.Split(personWords, "|"), "张", "李", "欧阳", "秀英", "建国", "某", "在场", "称",
		"泉城", "路", "街", "大街", "大道", "巷", "胡同", "弄", "号", "院", "楼", "号楼", "栋", "幢", "座", "单元", "层", "室", "户",
		"村", "组", "一", "三", "十", "1", "2", "3", "８", "０", "：", " ", "，", "。", "历下区", "市", "镇", "的", "销售")
	texts := append([]string{}, probeFacts...)
	r := rand.New(rand.NewPCG(11, 2026))
	for range 20000 {
		var b strings.Builder
		for range 1 + r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		if got, want := maskThirdParties(s), thirdParty.ReplaceAllString(s, "${1}${2}${3}某某"); got != want {
			t.Fatalf("third parties of %q: %q, every pattern gives %q", s, got, want)
		}
		want := s
		for _, re := range streetPatterns {
			want = re.ReplaceAllLiteralString(want, Removed)
		}
		if got := maskStreets(s); got != want {
			t.Fatalf("streets of %q: %q, every pattern gives %q", s, got, want)
		}
	}
}
