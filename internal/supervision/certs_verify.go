package supervision

import (
	"context"
	"io"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// A 行政执法监督证 is shown to the supervised unit (鲁条例 Art. 22: 应当主动出示
// 行政执法监督证件); its QR code opens a public page saying whether it is
// in force, as an officer's certificate and a 聘任证 do. The token is the
// certificate number and an HMAC of it under a key the database keeps
// (settings supervision_cert_verify_key), so numbers cannot be guessed into
// pages; the page shows the certificate only — no account.

// CertVerifier signs and checks the tokens.
type CertVerifier struct{ *registry.NumberSigner }

// LoadCertVerifier reads the signing key, creating it on first use.
func LoadCertVerifier(ctx context.Context, db *store.DB) (*CertVerifier, error) {
	s, err := registry.LoadNumberSigner(ctx, db, "supervision_cert_verify_key", "supervision-cert")
	return &CertVerifier{s}, err
}

// CertCheck is what the public page shows: Cert is nil for a bad token.
type CertCheck struct {
	Cert  *Cert
	InUse bool // valid today
	Label string
}

// Verify checks tok and reads the certificate it names.
func (v *CertVerifier) Verify(ctx context.Context, q store.Querier, tok string) (*CertCheck, error) {
	no, ok := v.Number(tok)
	if !ok {
		return &CertCheck{}, nil
	}
	c, err := scanCert(q.QueryRowContext(ctx, `SELECT `+certCols+certFrom+` WHERE s.cert_no = $1`, no))
	if apperr.Is(err, apperr.NotFound) {
		return &CertCheck{}, nil
	} else if err != nil {
		return nil, err
	}
	c.Username = "" // no account on a public page
	today := clock.TodayString(ctx)
	return &CertCheck{Cert: c, InUse: c.ValidOn(today), Label: c.StatusLabel(today)}, nil
}

// ExportCerts writes the register p may see under f as an xlsx workbook.
func (s *Service) ExportCerts(ctx context.Context, p *auth.Principal, f CertFilter, out io.Writer) error {
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "行政执法监督证"
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"监督证号", "持证人", "登记机构", "区划", "发证机关", "有效期起", "有效期止", "状态", "原因"}); err != nil {
		return err
	}
	row, today := 2, clock.TodayString(ctx)
	for page := 1; row-2 < MaxExport; page++ {
		pg := &registry.Page{Page: page, Size: 200}
		list, err := s.Certs(ctx, p, f, pg)
		if err != nil {
			return err
		}
		for _, c := range list {
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(cell, []any{c.CertNo, c.HolderName, c.BodyName, c.RegionCode, c.Issuer, c.ValidFrom, c.ValidTo,
				c.StatusLabel(today), c.StatusReason}); err != nil {
				return err
			}
			row++
		}
		if len(list) < pg.Size {
			break
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = x.WriteTo(out)
	return err
}
