package docs

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Personal information is processed before a decision is published
// (处罚法 Art. 50; 个人信息保护法 Art. 6; 市场监督管理行政处罚信息公示规定
// Art. 6: 对信息进行必要的处理): a person's name keeps only the surname,
// identity numbers, telephone numbers and addresses are removed, also from
// the free text of the facts. Organisations are published by their full
// name and 统一社会信用代码.

// compoundSurnames are the 复姓 kept whole (百家姓 and common usage).
var compoundSurnames = []string{
	"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
	"令狐", "钟离", "闾丘", "独孤", "南宫", "西门", "百里", "呼延", "端木", "澹台", "公冶", "太史", "申屠", "濮阳",
	"东郭", "左丘", "万俟", "司空", "拓跋", "赫连", "单于", "第五", "谷梁", "羊舌", "微生", "梁丘", "段干", "宗政",
	"东门", "鲜于", "淳于", "仲孙", "乐正", "公羊", "颛孙", "漆雕", "巫马", "公良", "太叔", "司寇", "亓官",
}

// MaskName shows a person's name as the surname followed by 某某: 张三 →
// 张某某, 欧阳娜娜 → 欧阳某某. A compound surname counts only when a given
// name follows it (a two-character 欧阳 is 欧 + 阳). A one-character name
// keeps that character, which is all a surname would show.
func MaskName(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return "某某"
	}
	if utf8.RuneCountInString(name) > 2 {
		for _, s := range compoundSurnames {
			if strings.HasPrefix(name, s) {
				return s + "某某"
			}
		}
	}
	r, _ := utf8.DecodeRuneInString(name)
	return string(r) + "某某"
}

// Removed is what stands where personal data was taken out.
const Removed = "（已隐去）"

// idOrPhone matches, in free text, 18- and 15-digit 公民身份号码 (GB 11643;
// the 15-digit first generation), mobile numbers (also written 138-1234-5678
// or with spaces, optionally +86) and landlines with an area code
// (0531-88886666, (0531)88886666, 053188886666). Matches are used only when
// not glued to other letters or digits, so longer numbers (bank accounts,
// 统一社会信用代码 with letters) are not cut in pieces.
var idOrPhone = regexp.MustCompile(`\d{17}[\dXx]|\d{15}|(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}|(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}[-—－]?)\d{7,8}`)

// labelledPhone is a number after a telephone label (电话、手机、联系方式),
// e.g. a local number without area code.
var labelledPhone = regexp.MustCompile(`(电话|手机|联系方式|联系电话|手机号码?|电话号码)([:：]?\s*)([\d\-— ]{5,}\d)`)

func glued(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	c := s[i]
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

// MaskText removes identity and telephone numbers from free text.
func MaskText(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range idOrPhone.FindAllStringIndex(s, -1) {
		if glued(s, m[0]-1) || glued(s, m[1]) {
			continue
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(Removed)
		last = m[1]
	}
	b.WriteString(s[last:])
	return labelledPhone.ReplaceAllString(b.String(), "$1$2"+Removed)
}

// maskFor removes the party's own identifying data from text about its
// case: for a person the full name becomes the masked one; the party's
// identity number, address and contact are removed wherever they appear;
// then MaskText catches any other identity or telephone number.
func maskFor(text, kind, name, idNumber, address, contact string) string {
	type pair struct{ from, to string }
	var ps []pair
	if kind == "person" {
		if n := strings.TrimSpace(name); utf8.RuneCountInString(n) >= 2 {
			ps = append(ps, pair{n, MaskName(n)})
		}
		if c := strings.TrimSpace(contact); utf8.RuneCountInString(c) >= 2 {
			ps = append(ps, pair{c, Removed})
		}
		if id := strings.TrimSpace(idNumber); id != "" {
			ps = append(ps, pair{id, Removed})
		}
	}
	if a := strings.TrimSpace(address); utf8.RuneCountInString(a) >= 4 {
		ps = append(ps, pair{a, Removed})
	}
	for _, p := range ps {
		text = strings.ReplaceAll(text, p.from, p.to)
	}
	return MaskText(text)
}
