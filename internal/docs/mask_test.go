package docs

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"zfjd/internal/ident"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// probeParty and probeFacts are the case of the probe's M4: everything the
// public page showed of it is listed in probeLeaks.
var (
	probeParty = PublicParty{Kind: "person", Name: "张建国", IDNumber: "370102199001011231",
		Address: "济南市历下区泉城路188号3单元201室", Contact: "13800138000"}
	probeFacts = []string{
		"当事人张建国（身份证号 3701 0219 9001 0112 31）在历下区泉城路188号3单元201室经营。",
		"当事人建国自述其手机为13800138000，微信号zhangjg1990。",
		"身份证号码：３７０１０２１９９００１０１１２３１（全角）。",
		"其妻李秀英（身份证370102199203041528）在场，车牌鲁A12345。",
		"手机号码一三八零零一三八零零零。住址：泉城路188号。",
		"当事人张 建 国拒绝签字。电子邮箱zjg@example.com，银行卡6222020200112233445。",
	}
	probeLeaks = []string{"3701 0219 9001 0112 31", "３７０１０２１９９００１０１１２３１", "370102199203041528", "泉城路188号",
		"3单元201室", "建国", "张 建 国", "李秀英", "秀英", "鲁A12345", "zhangjg1990", "zjg@example.com", "6222020200112233445",
		"一三八零零一三八零零零", "13800138000"}
)

func TestMaskPublicProbeText(t *testing.T) {
	m := NewMasker(probeParty)
	var out []string
	for _, l := range probeFacts {
		out = append(out, m.Mask(l))
	}
	all := strings.Join(out, "\n")
	for _, leak := range probeLeaks {
		if strings.Contains(all, leak) {
			t.Errorf("%q survives:\n%s", leak, all)
		}
	}
	for _, keep := range []string{"当事人张某某", "经营。", "自述其手机为", "其妻李某某", "在场，车牌", "拒绝签字。电子邮箱", "住址："} {
		if !strings.Contains(all, keep) {
			t.Errorf("%q was destroyed:\n%s", keep, all)
		}
	}
}

func TestMaskPublicCases(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// Numbers in every writing.
		{"身份证号３７０１０２１９９００１０１１２３Ｘ。", "身份证号（已隐去）。"},
		{"身份证号3701-0219-9001-0112-3X。", "身份证号（已隐去）。"},
		{"手机一三八一二三四五六七八。", "手机（已隐去）。"},
		{"手机幺三八一二三四五六七八。", "手机（已隐去）。"},
		{"手机 138 1234 5678。", "手机 （已隐去）。"},
		{"卡号6222 0202 0011 2233 445。", "卡号（已隐去）。"},
		{"银行账号：123456789012。", "银行账号：（已隐去）。"},
		{"QQ号：12345678", "QQ号：（已隐去）"},
		{"微信：zhang_san-88", "微信：（已隐去）"},
		{"邮箱zhang.san+x@mail.example.com.cn。", "邮箱（已隐去）。"},
		// Plates.
		{"车牌号鲁A·12345。", "车牌号（已隐去）。"},
		{"车牌鲁AD12345（新能源）", "车牌（已隐去）（新能源）"},
		{"驾驶鲁Ａ１２３４５号车", "驾驶（已隐去）号车"},
		{"鲁A 1234S挂车", "（已隐去）车"},
		// Addresses.
		{"在经十路12345号经营", "在（已隐去）经营"},
		{"住历下区解放东路3号院5号楼2单元301室", "住历下区（已隐去）"},
		{"住5号楼2单元301", "住（已隐去）"},
		{"家住王家庄村三组", "家住（已隐去）"},
		// Third persons.
		{"证人王强证实", "证人王某某证实"},
		{"其妻欧阳娜娜在场", "其妻欧阳某某在场"},
		{"法定代表人：刘德华签字", "法定代表人：刘某某签字"},
		{"雇员李秀在场", "雇员李某某在场"},
		// Ordinary text stays.
		{"罚款人民币5000元，没收违法所得150.50元。", "罚款人民币5000元，没收违法所得150.50元。"},
		{"依据《中华人民共和国食品安全法》第一百二十四条第一款第（二）项。", "依据《中华人民共和国食品安全法》第一百二十四条第一款第（二）项。"},
		{"文号济历下市监罚〔2026〕8号。", "文号济历下市监罚〔2026〕8号。"},
		{"于2026年5月20日至6月1日期间经营，货值金额326元。", "于2026年5月20日至6月1日期间经营，货值金额326元。"},
		{"证人于当日到场。", "证人于当日到场。"},
		{"执法人员张明、李强出示执法证件。", "执法人员张明、李强出示执法证件。"},
		{"现场查获过期牛奶12盒、饮料15箱。", "现场查获过期牛奶12盒、饮料15箱。"},
		{"统一社会信用代码92370102MA3C5R2K0M（个体工商户）。", "统一社会信用代码92370102MA3C5R2K0M（个体工商户）。"},
		{"二〇二六年三月一日", "二〇二六年三月一日"},
	} {
		if got := MaskText(c.in); got != c.want {
			t.Errorf("MaskText(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// The public list is searched in the masked text only: nothing the page
// hides finds the case (probe M4: q=李秀英, q=鲁A12345, the address and the
// bank card each returned it).
func TestPublicSearchFindsNothingMasked(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		c := f.put(opts{decided: "2024-07-01", published: "2024-07-05", person: true, name: probeParty.Name, id: probeParty.IDNumber,
			address: probeParty.Address, contact: probeParty.Contact, description: strings.Join(probeFacts, "\n")})
		d, err := GetPublic(ctx, db, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		page := strings.Join(append(d.Facts, d.PartyName, d.CaseName, d.DocNo, strings.Join(d.Penalties, "|")), "\n")
		for _, leak := range probeLeaks {
			if strings.Contains(page, leak) {
				t.Errorf("public page shows %q", leak)
			}
			if got, err := ListPublic(ctx, db, &PublicFilter{Q: leak}); err != nil || len(got) != 0 {
				t.Errorf("q=%q finds %d decisions, %v", leak, len(got), err)
			}
		}
		if got, _ := ListPublic(ctx, db, &PublicFilter{Q: "拒绝签字"}); len(got) != 1 {
			t.Errorf("ordinary words of the facts find %d decisions", len(got))
		}
		// A 50,000-character term answers, with nothing.
		if got, err := ListPublic(ctx, db, &PublicFilter{Q: strings.Repeat("泉", 50000)}); err != nil || len(got) != 0 {
			t.Errorf("long term: %d, %v", len(got), err)
		}
	})
}

// Generated text for FuzzMaskPublic: ordinary sentences that must come out
// unchanged, and sentences that plant one identifier of each kind in one
// of its writings.
var fillers = []string{
	"当事人在店内销售超过保质期的牛奶12盒。",
	"执法人员于2026年3月1日进行现场检查，制作了现场笔录。",
	"责令当事人立即改正，并处罚款人民币5000元。",
	"依据《中华人民共和国食品安全法》第一百二十四条第一款第（二）项的规定。",
	"货值金额326元，违法所得150.50元。",
	"决定书文号为济历下市监罚〔2026〕8号。",
	"当事人于2026年5月20日至6月1日期间经营。",
	"现场查获过期食品共计15箱，已先行登记保存。",
	"罚没款已于当日缴入国库。",
	"统一社会信用代码91370102MA3C5R2K0M。",
	"执法人员出示了执法证件，告知了当事人依法享有的权利。",
	"二〇二六年三月一日作出决定。",
}

var (
	fzSurnames = []string{"张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "欧阳", "司马"}
	fzGiven    = []string{"建国", "秀英", "志强", "丽娜", "海涛", "文静", "子涵", "德华", "明远", "雪梅"}
	fzRelation = []string{"其妻", "其夫", "证人", "雇员", "店员", "见证人", "委托代理人", "法定代表人"}
	fzRoads    = []string{"泉城路", "经十路", "解放东路", "和平路", "文化西路", "花园路"}
	fzProv     = []string{"鲁", "京", "沪", "苏", "浙", "粤", "川"}
)

const fullDigits = "０１２３４５６７８９"
const hanDigits = "零一二三四五六七八九"

func digitsOf(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	return b.String()
}

// write renders the digits of s in one of the ways people write numbers.
func write(r *rand.Rand, s string, han bool) string {
	ways := 4
	if han {
		ways = 5
	}
	switch r.IntN(ways) {
	case 0:
		return s
	case 1: // groups of four with spaces
		var parts []string
		for i := 0; i < len(s); i += 4 {
			parts = append(parts, s[i:min(i+4, len(s))])
		}
		return strings.Join(parts, " ")
	case 2: // dashes
		return s[:3] + "-" + s[3:7] + "-" + s[7:]
	case 3: // full-width
		return strings.Map(func(c rune) rune {
			if c >= '0' && c <= '9' {
				return []rune(fullDigits)[c-'0']
			}
			if c == 'X' {
				return 'Ｘ'
			}
			return c
		}, s)
	default: // Chinese numerals
		return strings.Map(func(c rune) rune {
			if c >= '0' && c <= '9' {
				return []rune(hanDigits)[c-'0']
			}
			return c
		}, s)
	}
}

type planted struct {
	text    string   // the sentence
	secrets []string // forms that must not survive (compared after canon)
}

// canon turns text into the form secrets are compared in: digits ASCII,
// letters upper case, only letters, digits and Han characters kept.
func canon(s string) string {
	var b strings.Builder
	for _, c := range s {
		if d, ok := numeral(c); ok {
			b.WriteRune(d)
			continue
		}
		if c >= 0xFF01 && c <= 0xFF5E {
			c = c - 0xFF01 + 0x21
		}
		switch {
		case c >= 'a' && c <= 'z':
			b.WriteRune(c - 'a' + 'A')
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '@', c > 0x2E80 && c != '·':
			b.WriteRune(c)
		}
	}
	return b.String()
}

func plant(r *rand.Rand, party PublicParty, road, num string) []planted {
	pick := func(l []string) string { return l[r.IntN(len(l))] }
	id := party.IDNumber
	mobile := "1" + string(rune('3'+r.IntN(7))) + digitsOf(r, 9)
	card := "62" + digitsOf(r, 14+r.IntN(4))
	plate := pick(fzProv) + string(rune('A'+r.IntN(26))) + digitsOf(r, 5)
	plateSep := []string{"", "·", " "}[r.IntN(3)]
	third := pick(fzSurnames) + pick(fzGiven)
	for strings.Contains(party.Name, third[len(third)-6:]) {
		third = pick(fzSurnames) + pick(fzGiven)
	}
	mail := fmt.Sprintf("u%s@example.com", digitsOf(r, 6))
	wx := fmt.Sprintf("wx_%s", digitsOf(r, 7))
	given := strings.TrimPrefix(party.Name, surnameOf(party.Name))
	spacedName := strings.Join(strings.Split(party.Name, ""), " ")
	unit := fmt.Sprintf("%d单元%d室", 1+r.IntN(6), 101+r.IntN(1500))
	land := "0531" + digitsOf(r, 8)
	return []planted{
		{"当事人" + party.Name + "（公民身份号码" + write(r, id, false) + "）到场。", []string{canon(id), party.Name}},
		{"当事人" + spacedName + "拒绝签字。", []string{party.Name}},
		{"当事人" + given + "自述如此。", []string{given}},
		{"其联系电话为" + write(r, mobile, true) + "。", []string{canon(mobile)}},
		{"座机" + []string{land[:4] + "-" + land[4:], "(" + land[:4] + ")" + land[4:], land}[r.IntN(3)] + "。", []string{land[4:]}},
		{"银行卡" + write(r, card, false) + "。", []string{canon(card)}},
		{"现场停放车牌" + plate[:len(plate)-5] + plateSep + plate[len(plate)-5:] + "的车辆。", []string{canon(plate)}},
		{pick(fzRelation) + third + "在场。", []string{third, third[len(third)-6:]}},
		{"电子邮箱" + mail + "，微信号" + wx + "。", []string{canon(mail), canon(wx)}},
		{"经营场所位于" + road + num + "号" + unit + "。", []string{road + num + "号", canon(unit)}},
		{"住址：" + road + num + "号。", []string{road + num + "号"}},
	}
}

// FuzzMaskPublic plants every kind of identifier, in its usual writings,
// among ordinary sentences and whatever the fuzzer adds between them, and
// asserts that no planted identifier survives MaskPublic while every
// ordinary sentence comes out unchanged.
func FuzzMaskPublic(f *testing.F) {
	for i := range 8 {
		f.Add(int64(i), "")
	}
	f.Add(int64(99), "其余情况正常")
	f.Add(int64(7), "\x00\xff")
	f.Fuzz(func(t *testing.T, seed int64, noise string) {
		r := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
		pick := func(l []string) string { return l[r.IntN(len(l))] }
		name := pick(fzSurnames) + pick(fzGiven)
		road, num := pick(fzRoads), fmt.Sprint(1+r.IntN(400))
		birth := time.Date(1950+r.IntN(55), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		party := PublicParty{Kind: "person", Name: name, IDNumber: ident.MakeIDCard("370102", birth, digitsOf(r, 3)),
			Address: "济南市历下区" + road + num + "号"}
		plants := plant(r, party, road, num)
		r.Shuffle(len(plants), func(i, j int) { plants[i], plants[j] = plants[j], plants[i] })
		var parts []string
		for i, p := range plants {
			parts = append(parts, fillers[(i+int(seed&0xff))%len(fillers)], p.text)
			if i == len(plants)/2 && !strings.ContainsAny(noise, "0123456789０１２３４５６７８９") {
				parts = append(parts, noise+"。")
			}
		}
		text := strings.Join(parts, "")
		out := MaskPublic(text, party)
		if utf8.ValidString(text) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of valid text")
		}
		c := canon(out)
		for _, p := range plants {
			for _, s := range p.secrets {
				if strings.Contains(c, canon(s)) {
					t.Errorf("%q survives in %q\nfrom %q", s, out, p.text)
				}
			}
		}
		for _, fl := range fillers {
			if strings.Contains(text, fl) && !strings.Contains(out, fl) {
				t.Errorf("ordinary sentence %q was changed:\n%s", fl, out)
			}
		}
		// Masking is stable: masking the result again changes nothing.
		if again := MaskPublic(out, party); again != out {
			t.Errorf("second pass changed the text:\n%s\n%s", out, again)
		}
	})
}
