package docs

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Personal information is processed before a decision is published
// (处罚法 Art. 50; 个人信息保护法 Art. 6; 市场监督管理行政处罚信息公示规定
// Art. 6: 对信息进行必要的处理): a person's name keeps only the surname,
// identity numbers, telephone numbers, bank cards, licence plates, e-mail
// and chat accounts and addresses are removed, also from the free text of
// the facts, and so are the names of third persons (relatives, employees,
// witnesses) where the text says who they are. Organisations are published
// by their full name and 统一社会信用代码.
//
// MaskPublic is the one function that does it; every public surface (the
// decision pages and their search, and whatever publishes decision text
// later: open data, exports) goes through it (PublicDecision.fill).

// compoundSurnames are the 复姓 kept whole (百家姓 and common usage).
var compoundSurnames = []string{
	"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
	"令狐", "钟离", "闾丘", "独孤", "南宫", "西门", "百里", "呼延", "端木", "澹台", "公冶", "太史", "申屠", "濮阳",
	"东郭", "左丘", "万俟", "司空", "拓跋", "赫连", "单于", "第五", "谷梁", "羊舌", "微生", "梁丘", "段干", "宗政",
	"东门", "鲜于", "淳于", "仲孙", "乐正", "公羊", "颛孙", "漆雕", "巫马", "公良", "太叔", "司寇", "亓官",
}

// commonSurnames are the single surnames by which a third person's name is
// recognised after a word that introduces a person (其妻、证人 …). Surnames
// that are also common function words (于、曾、向、和) are left out: "证人于
// 当日" is no name.
const commonSurnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭萧肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈" +
	"姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤易常乔赖文庞樊" +
	"殷施洪牛柳齐聂岳季康翟葛安倪申"

// MaskName shows a person's name as the surname followed by 某某: 张三 →
// 张某某, 欧阳娜娜 → 欧阳某某. A compound surname counts only when a given
// name follows it (a two-character 欧阳 is 欧 + 阳). A one-character name
// keeps that character, which is all a surname would show.
func MaskName(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return "某某"
	}
	return surnameOf(name) + "某某"
}

// surnameOf is the surname of a person's name (see MaskName).
func surnameOf(name string) string {
	if utf8.RuneCountInString(name) > 2 {
		for _, s := range compoundSurnames {
			if strings.HasPrefix(name, s) {
				return s
			}
		}
	}
	r, _ := utf8.DecodeRuneInString(name)
	return string(r)
}

// Removed is what stands where personal data was taken out.
const Removed = "（已隐去）"

// PublicParty is what MaskPublic knows of the case's party: its own data
// is removed wherever and however the text writes it.
type PublicParty struct {
	Kind     string // person | org
	Name     string
	IDNumber string
	Address  string
	Contact  string
}

// MaskPublic returns text fit for the public:
//
//   - the party's own data, when the party is a person: the full name (also
//     written with spaces, 张 建 国) becomes the masked name, the given name
//     alone (建国) 某某, the contact is removed; for any party the address
//     and every part of it from the district level down;
//   - numbers, however written — ASCII or full-width digits, Chinese
//     numerals (一三八…), with spaces or dashes in between: 公民身份号码
//     (18 and 15 digits), mobile and fixed-line telephone numbers, bank
//     cards and accounts (16 to 19 digits, or any number after 银行卡、
//     账号), local numbers after 电话、手机;
//   - licence plates (鲁A12345, 鲁A·D12345), e-mail addresses, 微信 and QQ
//     accounts;
//   - addresses: a road or street with a house number (泉城路188号), units
//     and rooms (3单元201室), village groups (某村3组);
//   - third persons' names after a word that says who they are (其妻李秀英,
//     证人王强, 法定代表人张三): the surname stays.
//
// Ordinary text — amounts, dates, articles of law, document numbers,
// organisations' names and credit codes — is left as it is.
func MaskPublic(text string, party PublicParty) string { return NewMasker(party).Mask(text) }

// Masker is MaskPublic for one party, with its patterns compiled once: a
// page masks many fields of one decision.
type Masker struct {
	name, given *regexp.Regexp // nil unless the party is a person
	masked      string
	contact, id string
	address     string
}

// NewMasker prepares MaskPublic for party.
func NewMasker(party PublicParty) *Masker {
	m := &Masker{address: strings.TrimSpace(party.Address)}
	if party.Kind != "person" {
		return m
	}
	if name := strings.TrimSpace(party.Name); utf8.RuneCountInString(name) >= 2 {
		m.name, m.masked = regexp.MustCompile(spaced(name)), MaskName(name)
		// The given name alone, when it has two characters or more (a
		// single character would cut every word it occurs in).
		if given := strings.TrimPrefix(name, surnameOf(name)); utf8.RuneCountInString(given) >= 2 {
			m.given = regexp.MustCompile(spaced(given))
		}
	}
	if c := strings.TrimSpace(party.Contact); utf8.RuneCountInString(c) >= 2 {
		m.contact = c
	}
	m.id = strings.TrimSpace(party.IDNumber)
	return m
}

// Mask returns text fit for the public (MaskPublic).
func (m *Masker) Mask(text string) string {
	if m.name != nil {
		text = m.name.ReplaceAllLiteralString(text, m.masked)
	}
	if m.given != nil {
		text = m.given.ReplaceAllLiteralString(text, "某某")
	}
	if m.contact != "" {
		text = strings.ReplaceAll(text, m.contact, Removed)
	}
	if m.id != "" {
		text = strings.ReplaceAll(text, m.id, Removed)
	}
	text = maskAddress(text, m.address)
	text = maskNumbers(text)
	text = maskThirdParties(text)
	return maskStreets(text)
}

// MaskText removes identity numbers, telephone numbers, bank cards,
// plates, accounts, third persons' names and addresses from text that
// belongs to no party in particular (MaskPublic without a party).
func MaskText(s string) string { return MaskPublic(s, PublicParty{}) }

// spaced is a pattern for s with optional blanks between its characters.
func spaced(s string) string {
	var parts []string
	for _, r := range s {
		parts = append(parts, regexp.QuoteMeta(string(r)))
	}
	return strings.Join(parts, `[\s\x{3000}·•]*`)
}

// adminSuffixes end the levels of an address above the street.
var adminSuffixes = []string{"省", "自治区", "市", "自治州", "地区", "盟", "区", "县", "旗", "镇", "乡", "街道"}

// maskAddress removes the party's address and every tail of it that
// starts after an administrative level (历下区泉城路188号3单元201室,
// 泉城路188号3单元201室), longest first; a tail shorter than four
// characters (a bare 3号) is left to the street patterns.
func maskAddress(text, address string) string {
	if utf8.RuneCountInString(address) < 4 {
		return text
	}
	cands := []string{address}
	for i := range address {
		for _, s := range adminSuffixes {
			if strings.HasPrefix(address[i:], s) {
				if tail := address[i+len(s):]; utf8.RuneCountInString(tail) >= 4 {
					cands = append(cands, tail)
				}
			}
		}
	}
	slices.SortFunc(cands, func(a, b string) int { return len(b) - len(a) })
	for _, c := range slices.Compact(cands) {
		text = strings.ReplaceAll(text, c, Removed)
	}
	return text
}

// numberPatterns run on the normalised text (normDigits): digits are
// ASCII, separators between digits are gone, letters are upper case.
var numberPatterns = []*regexp.Regexp{
	// 公民身份号码 (GB 11643, and the 15-digit first generation), bank cards
	// and accounts (16–19), mobile numbers (optionally +86), fixed lines
	// with an area code.
	regexp.MustCompile(`\d{17}[\dX]|\d{15,19}|(?:\+?86)?1[3-9]\d{9}|(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3})\d{7,8}`),
	// Licence plates (GA 36): province, letter, five or six characters.
	regexp.MustCompile(`[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领][A-Z][·•.\s]?[A-Z0-9]{5,6}(?:挂|学|警|港|澳)?`),
	// E-mail.
	regexp.MustCompile(`[A-Z0-9._%+\-]+@[A-Z0-9\-]+(?:\.[A-Z0-9\-]+)+`),
}

// labelledPatterns remove what follows a label (group 1): local telephone
// numbers, accounts and chat ids that no shape gives away.
var labelledPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?:电话|手机|联系方式|联系电话|手机号码?|电话号码|座机|固话)(?:号码)?(?:[:：]\s*|为|是)?(\d{5,})`),
	regexp.MustCompile(`(?:银行卡|卡号|银行账号|账号|账户|帐号|帐户)(?:号码?)?(?:[:：]\s*|为|是)?(\d{6,})`),
	regexp.MustCompile(`(?:微信|QQ|微博|抖音|支付宝)(?:号|账号|帐号|ID)?(?:[:：]\s*|为|是)?([A-Z0-9_\-@.]{5,40})`),
}

// normText is text with its digits made comparable: norm is the text with
// full-width forms and Chinese numerals turned into ASCII, letters upper
// case and blanks or dashes between two digits dropped; at[i] is the byte
// range in the original text of norm's byte i.
type normText struct {
	norm string
	at   [][2]int
}

func numeral(r rune) (rune, bool) {
	switch {
	case r >= '0' && r <= '9':
		return r, true
	case r >= '０' && r <= '９':
		return '0' + r - '０', true
	}
	if i := strings.IndexRune("〇一二三四五六七八九", r); i >= 0 {
		return '0' + rune(utf8.RuneCountInString("〇一二三四五六七八九"[:i])), true
	}
	switch r {
	case '零':
		return '0', true
	case '幺':
		return '1', true
	}
	return 0, false
}

func isDigitSep(r rune) bool {
	switch r {
	case ' ', '\t', '\u00a0', '\u3000', '-', '－', '—', '–', '‐', '‑', '_':
		return true
	}
	return false
}

func normDigits(s string) normText {
	type unit struct {
		r          rune
		start, end int
		digit      bool
	}
	var us []unit
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		u := unit{r: r, start: i, end: i + size}
		i += size
		if d, ok := numeral(r); ok {
			u.r, u.digit = d, true
		} else if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
			u.r = r - 0xFF01 + 0x21
		}
		if u.r < utf8.RuneSelf {
			u.r = unicode.ToUpper(u.r)
		}
		us = append(us, u)
	}
	var n normText
	var b strings.Builder
	for i, u := range us {
		if isDigitSep(u.r) && i > 0 && us[i-1].digit {
			j := i + 1
			for j < len(us) && isDigitSep(us[j].r) {
				j++
			}
			if j < len(us) && us[j].digit {
				continue // a separator inside a number
			}
		}
		before := b.Len()
		b.WriteRune(u.r)
		for k := before; k < b.Len(); k++ {
			n.at = append(n.at, [2]int{u.start, u.end})
		}
	}
	n.norm = b.String()
	return n
}

func alnumASCII(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

// maskNumbers removes the number shapes and labelled values, found in the
// normalised text, from the original text.
func maskNumbers(s string) string {
	n := normDigits(s)
	var spans [][2]int // in norm
	for i, re := range numberPatterns {
		for _, m := range re.FindAllStringIndex(n.norm, -1) {
			// Glued to other letters or digits, it is part of something
			// longer (a credit code with letters, a serial number).
			if i == 0 && ((m[0] > 0 && alnumASCII(n.norm[m[0]-1])) || (m[1] < len(n.norm) && alnumASCII(n.norm[m[1]]))) {
				continue
			}
			if i == 1 && m[1] < len(n.norm) && alnumASCII(n.norm[m[1]]) {
				continue
			}
			spans = append(spans, [2]int{m[0], m[1]})
		}
	}
	for _, re := range labelledPatterns {
		for _, m := range re.FindAllStringSubmatchIndex(n.norm, -1) {
			spans = append(spans, [2]int{m[2], m[3]})
		}
	}
	if len(spans) == 0 {
		return s
	}
	// Original byte ranges, merged where they overlap.
	var rs [][2]int
	for _, sp := range spans {
		rs = append(rs, [2]int{n.at[sp[0]][0], n.at[sp[1]-1][1]})
	}
	slices.SortFunc(rs, func(a, b [2]int) int { return a[0] - b[0] })
	var b strings.Builder
	last := 0
	for _, r := range rs {
		if r[0] < last {
			if r[1] > last {
				last = r[1]
			}
			continue
		}
		b.WriteString(s[last:r[0]])
		b.WriteString(Removed)
		last = r[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// personWords introduce a person by relation or role.
const personWords = `其妻|其夫|妻子|丈夫|爱人|配偶|其子|其女|儿子|女儿|父亲|母亲|其父|其母|其兄|其弟|其姐|其妹|亲属|家属|` +
	`雇员|员工|店员|职工|营业员|收银员|厨师|司机|驾驶人|驾驶员|证人|见证人|目击者|法定代表人|负责人|经营者|业主|户主|` +
	`租户|承租人|出租人|委托代理人|代理人|联系人|同事|朋友|邻居|村民|居民|消费者|举报人|投诉人|受害人|被害人`

// givenChar is a character of a given name: a Han character that is not
// 某 and does not start the words that commonly follow a name in a case
// file (证实、称、签字、拒绝、陈述、确认、表示、未、不 …), so a one-character
// given name does not take the next word with it.
const givenChar = `[^\P{Han}某在于的了是和与及等均称说自也已曾向对被将把为到从每各该系证签拒陈供确认指讲看听表示未不没又再就即便亦都还仍并且而但当场现]`

var thirdParty = regexp.MustCompile(`(` + personWords + `)([:：]?\s*)(` + strings.Join(compoundSurnames, "|") + `|[` +
	commonSurnames + `])(` + givenChar + `{1,2})`)

// maskThirdParties masks the names of persons the text introduces by
// relation or role; the surname stays (其妻李秀英 → 其妻李某某).
func maskThirdParties(s string) string {
	if !mayIntroducePerson(s) {
		return s // every match starts with one of personWords
	}
	return thirdParty.ReplaceAllString(s, "${1}${2}${3}某某")
}

// personWordList is personWords, for mayIntroducePerson.
var personWordList = strings.Split(personWords, "|")

// mayIntroducePerson reports whether s holds one of personWords: without
// one thirdParty cannot match, and the plain search is far cheaper than
// the pattern's (issue 11: masking was most of building a public view).
func mayIntroducePerson(s string) bool {
	for _, w := range personWordList {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// notAdmin is a Han character that does not end an administrative level
// or join words, so a road's name never swallows its district.
const notAdmin = `[^\P{Han}省市区县旗镇乡在于的和与及住址为是到从往位近即其]`

var streetPatterns = []*regexp.Regexp{
	// A road or street with its house number and what follows it.
	regexp.MustCompile(notAdmin + `{1,8}(?:路|街|大街|大道|巷|胡同|弄)[0-9０-９一二三四五六七八九十百零〇]+号(?:院|楼)?` +
		`(?:[0-9０-９]+(?:号楼|栋|幢|座|单元|楼|层|室|户|号))*(?:[0-9０-９]+)?`),
	// Buildings, units and rooms on their own.
	regexp.MustCompile(`[0-9０-９]+(?:号楼|栋|幢|座)(?:[0-9０-９]+(?:单元|楼|层|室|户|号))*(?:[0-9０-９]+)?|` +
		`[0-9０-９]+单元(?:[0-9０-９]+(?:楼|层|室|户|号))*(?:[0-9０-９]+)?|[0-9０-９]{2,5}室`),
	// Village groups.
	regexp.MustCompile(notAdmin + `{1,6}村[0-9０-９一二三四五六七八九十]+组`),
}

// maskStreets removes addresses below the district level from free text.
func maskStreets(s string) string {
	for i, re := range streetPatterns {
		if streetMayMatch[i](s) {
			s = re.ReplaceAllLiteralString(s, Removed)
		}
	}
	return s
}

// streetMayMatch[i] is false for text that streetPatterns[i] cannot
// match: it lacks a character or word that every match of the pattern
// holds. The patterns themselves then need not run.
var streetMayMatch = []func(string) bool{
	// A road or street with its house number: a road word and 号.
	func(s string) bool {
		return strings.Contains(s, "号") && (strings.ContainsAny(s, "路街巷弄") || strings.Contains(s, "大道") || strings.Contains(s, "胡同"))
	},
	// Buildings, units and rooms: a digit and one of their words.
	func(s string) bool {
		return strings.ContainsAny(s, "0123456789０１２３４５６７８９") && strings.ContainsAny(s, "楼栋幢座元室")
	},
	// Village groups: 村 and 组.
	func(s string) bool { return strings.Contains(s, "村") && strings.Contains(s, "组") },
}
