package ledger

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/emmansun/gmsm/sm2"
	"golang.org/x/mod/sumdb/note"
)

// 国密 signatures (密评 of government systems): a log or a witness may sign
// its checkpoints with SM2 (GM/T 0003, SM3 digest with the default user ID
// 1234567812345678, github.com/emmansun/gmsm) instead of Ed25519. The key
// file says which: `zfjd log keygen --alg sm2` writes an SM2 one, and every
// loader and verifier accepts both. The signature is a signed-note line
// like Ed25519's; its verifier key is name+hash+base64(0x53 ‖ the
// uncompressed public key), 0x53 ('S') being zfjd's own signature type (not
// a C2SP-registered one), and the key hash is the first four bytes of
// SHA-256(name ‖ 0x0A ‖ 0x53 ‖ public key) as for the registered types.
//
// The tree's hash is the log's own choice (hash.go, --log-hash sm3): SM2
// signatures work over either tree.

const algSM2 = 0x53

// sm2PrivatePrefix starts an SM2 private key line: PRIVATE+SM2+name+hash+base64(d).
const sm2PrivatePrefix = "PRIVATE+SM2+"

// GenerateSM2Key returns an SM2 private key line and its verifier key for name.
func GenerateSM2Key(name string) (skey, vkey string, err error) {
	k, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		return "", "", err
	}
	pub := sm2Public(&k.PublicKey.X, &k.PublicKey.Y)
	h := keyHash(name, pub)
	d := make([]byte, 32)
	k.D.FillBytes(d)
	hash := fmt.Sprintf("%08x", h)
	return sm2PrivatePrefix + name + "+" + hash + "+" + base64.StdEncoding.EncodeToString(d),
		name + "+" + hash + "+" + base64.StdEncoding.EncodeToString(pub), nil
}

func sm2Public(x, y **big.Int) []byte {
	b := make([]byte, 66)
	b[0], b[1] = algSM2, 4
	(*x).FillBytes(b[2:34])
	(*y).FillBytes(b[34:66])
	return b
}

func keyHash(name string, key []byte) uint32 {
	h := sha256.Sum256(append([]byte(name+"\n"), key...))
	return binary.BigEndian.Uint32(h[:4])
}

type sm2Signer struct {
	name string
	hash uint32
	key  *sm2.PrivateKey
}

func (s *sm2Signer) Name() string    { return s.name }
func (s *sm2Signer) KeyHash() uint32 { return s.hash }
func (s *sm2Signer) Sign(msg []byte) ([]byte, error) {
	return s.key.SignWithSM2(rand.Reader, nil, msg)
}

type sm2Verifier struct {
	name string
	hash uint32
	pub  *sm2.PrivateKey // only its public part is used
}

func (v *sm2Verifier) Name() string    { return v.name }
func (v *sm2Verifier) KeyHash() uint32 { return v.hash }
func (v *sm2Verifier) Verify(msg, sig []byte) bool {
	return sm2.VerifyASN1WithSM2(&v.pub.PublicKey, nil, msg, sig)
}

// newSM2Signer parses an SM2 private key line.
func newSM2Signer(skey string) (note.Signer, error) {
	f := strings.SplitN(strings.TrimPrefix(skey, sm2PrivatePrefix), "+", 3)
	if !strings.HasPrefix(skey, sm2PrivatePrefix) || len(f) != 3 {
		return nil, errors.New("SM2 私钥格式无效")
	}
	h, err1 := strconv.ParseUint(f[1], 16, 32)
	d, err2 := base64.StdEncoding.DecodeString(f[2])
	if err1 != nil || err2 != nil || len(d) != 32 {
		return nil, errors.New("SM2 私钥格式无效")
	}
	k := &sm2.PrivateKey{}
	k.Curve = sm2.P256()
	k.D = new(big.Int).SetBytes(d)
	k.PublicKey.Curve = k.Curve
	k.PublicKey.X, k.PublicKey.Y = k.Curve.ScalarBaseMult(d)
	if uint32(h) != keyHash(f[0], sm2Public(&k.PublicKey.X, &k.PublicKey.Y)) {
		return nil, errors.New("SM2 私钥与其密钥哈希不符")
	}
	return &sm2Signer{name: f[0], hash: uint32(h), key: k}, nil
}

// NewVerifier parses a verifier key of either kind: Ed25519 (as
// note.NewVerifier) or SM2.
func NewVerifier(vkey string) (note.Verifier, error) {
	f := strings.SplitN(vkey, "+", 3)
	if len(f) == 3 {
		if raw, err := base64.StdEncoding.DecodeString(f[2]); err == nil && len(raw) == 66 && raw[0] == algSM2 {
			h, err := strconv.ParseUint(f[1], 16, 32)
			if err != nil || len(f[1]) != 8 || uint32(h) != keyHash(f[0], raw) {
				return nil, errors.New("SM2 验证密钥的密钥哈希无效")
			}
			c := sm2.P256()
			x, y := new(big.Int).SetBytes(raw[2:34]), new(big.Int).SetBytes(raw[34:66])
			if raw[1] != 4 || !c.IsOnCurve(x, y) {
				return nil, errors.New("SM2 验证密钥不是曲线上的点")
			}
			k := &sm2.PrivateKey{}
			k.PublicKey.Curve, k.PublicKey.X, k.PublicKey.Y = c, x, y
			return &sm2Verifier{name: f[0], hash: uint32(h), pub: k}, nil
		}
	}
	return note.NewVerifier(vkey)
}

// newSigner parses a private key line of either kind.
func newSigner(skey string) (note.Signer, error) {
	if strings.HasPrefix(skey, sm2PrivatePrefix) {
		return newSM2Signer(skey)
	}
	return note.NewSigner(skey)
}

// CreateKeys writes a new key file at path for alg ("ed25519" or "sm2"),
// refusing to overwrite one.
func CreateKeys(path, origin, alg string) (*Keys, error) {
	var skey, vkey string
	var err error
	switch alg {
	case "", "ed25519":
		skey, vkey, err = note.GenerateKey(rand.Reader, origin)
	case "sm2":
		skey, vkey, err = GenerateSM2Key(origin)
	default:
		return nil, fmt.Errorf("未知的签名算法 %q（可选 ed25519、sm2）", alg)
	}
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("写入签名密钥 %s 失败（已存在的密钥不会被覆盖）：%w", path, err)
	}
	if _, err := f.WriteString(skey + "\n" + vkey + "\n"); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return LoadOrCreateKeys(path, origin)
}
