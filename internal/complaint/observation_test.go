package complaint_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/jpeg"
	"io"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/complaint"
	"zfjd/internal/media"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// gpsJPEG is a small JPEG carrying an EXIF segment with a GPS position.
func gpsJPEG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	payload := []byte("Exif\x00\x00GPS36.6N117E")
	exif := append([]byte{0xFF, 0xE1, 0x00, byte(len(payload) + 2)}, payload...)
	return append(append(append([]byte{}, b[:2]...), exif...), b[2:]...)
}

// TestObservationPhotosAndReview: a 旁站式监督 record with a photo (type
// sniffed, EXIF stripped, stored by its hash; a bad photo refuses the
// whole record); the body returns one with its reason and accepts another,
// once each; an accepted finding becomes a clue in the observer's name
// (with the photo), once; only the observer and supervision of the region
// read the records, and the agency observed reads neither them nor the
// clue before it is forwarded.
func TestObservationPhotosAndReview(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		s := service(t, db)
		ctx := w.Ctx
		social, sup, agency := testworld.As("social"), testworld.As("supervisor"), testworld.As("agency_admin")
		db.R.QueryRow(`SELECT id FROM accounts WHERE username = 'social'`).Scan(&social.ID)
		if _, err := s.Appoint(ctx, testworld.As("city"), complaint.Appointment{Username: "social", Name: "刘监督", Region: "370100",
			TermFrom: "2026-01-01", TermTo: "2027-12-31"}); err != nil {
			t.Fatal(err)
		}
		obs := func() *complaint.Observation {
			return &complaint.Observation{AgencyCode: testworld.Agency, On: "2026-06-12", Place: "历下区某农贸市场",
				Checklist: map[string]string{"certificate": "no"}, Findings: "两名执法人员中一名未出示执法证件"}
		}
		raw := gpsJPEG(t)
		_, err := s.Observe(ctx, social, obs(), []complaint.Upload{{Name: "a.jpg", Data: raw}, {Name: "b.jpg", Data: []byte("<html>x</html>")}})
		if e := apperr.As(err); !apperr.Is(err, apperr.Invalid) || e.Fields["photos[1]"] == "" {
			t.Fatalf("a page named .jpg: %v", err)
		}
		var n int
		db.R.QueryRow(`SELECT COUNT(*) FROM observations`).Scan(&n)
		if n != 0 {
			t.Fatalf("a refused record wrote %d rows", n)
		}
		returned, err := s.Observe(ctx, social, obs(), []complaint.Upload{{Name: "a.jpg", Data: raw}})
		if err != nil {
			t.Fatal(err)
		}
		o, err := s.GetObservation(ctx, social, returned)
		if err != nil || len(o.Photos) != 1 || o.Photos[0].Mime != "image/jpeg" {
			t.Fatalf("photos: %v %+v", err, o)
		}
		rd, err := media.Open(ctx, db.R, o.Photos[0].Hash)
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := io.ReadAll(rd)
		sum := sha256.Sum256(stored)
		if bytes.Contains(stored, []byte("GPS36.6N")) || hex.EncodeToString(sum[:]) != o.Photos[0].Hash {
			t.Fatal("the stored photo keeps its EXIF position or is not named by its hash")
		}
		for who, p := range map[string]*auth.Principal{"the agency observed": agency, "another county's supervision": {Role: auth.RoleSupervisor, Region: "370103"},
			"another social supervisor": {Role: auth.RoleSocial, ID: social.ID + 1000, Region: "370100"}} {
			if _, err := s.GetObservation(ctx, p, returned); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("%s reads the record: %v", who, err)
			}
			if list, total, _ := s.Observations(ctx, p, complaint.ObsFilter{}); len(list) != 0 || total != 0 {
				t.Errorf("%s lists %d records", who, total)
			}
		}

		// Returned with the reason, once.
		if _, err := s.ToClue(ctx, sup, returned, "no_certificate"); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("a clue before review: %v", err)
		}
		if err := s.Review(ctx, sup, returned, complaint.ObsReturned, ""); apperr.As(err).Fields["note"] == "" {
			t.Fatalf("returned without a reason: %v", err)
		}
		if err := s.Review(ctx, sup, returned, "maybe", "x"); apperr.As(err).Fields["result"] == "" {
			t.Fatalf("no result: %v", err)
		}
		if err := s.Review(ctx, sup, returned, complaint.ObsReturned, "未写明执法人员的证件号或可辨认特征，请补充后重新记录"); err != nil {
			t.Fatal(err)
		}
		if err := s.Review(ctx, sup, returned, complaint.ObsAccepted, ""); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("reviewed twice: %v", err)
		}
		if o, _ := s.GetObservation(ctx, social, returned); o.Status != complaint.ObsReturned || o.ReviewNote == "" {
			t.Fatalf("the observer does not read the reason: %+v", o)
		}
		if _, err := s.ToClue(ctx, sup, returned, "no_certificate"); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("a returned record became a clue: %v", err)
		}

		// Accepted, and its finding a clue in the observer's name.
		accepted, err := s.Observe(ctx, social, obs(), []complaint.Upload{{Name: "a.jpg", Data: raw}})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Review(ctx, sup, accepted, complaint.ObsAccepted, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ToClue(ctx, social, accepted, "no_certificate"); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("the observer turns the record into a clue: %v", err)
		}
		if _, err := s.ToClue(ctx, sup, accepted, "bogus"); apperr.As(err).Fields["category"] == "" {
			t.Fatalf("a clue without a category: %v", err)
		}
		id, err := s.ToClue(ctx, sup, accepted, "no_certificate")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ToClue(ctx, sup, accepted, "no_certificate"); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("a second clue of one record: %v", err)
		}
		c, err := s.Get(ctx, social, id)
		if err != nil || !c.Clue || c.Source != complaint.SourceClue || len(c.Photos) != 1 || c.AgencyCode != testworld.Agency ||
			c.Status != complaint.StatusReceived {
			t.Fatalf("the clue as its observer reads it: %v %+v", err, c)
		}
		if _, err := s.Get(ctx, agency, id); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("the agency reads the clue before it is forwarded: %v", err)
		}
		if o, _ := s.GetObservation(ctx, sup, accepted); o.ClueID != id || o.ClueCode != c.TrackingCode {
			t.Fatalf("the record does not name its clue: %+v", o)
		}
		if list, total, _ := s.Observations(ctx, social, complaint.ObsFilter{Status: complaint.ObsReturned}); total != 1 || list[0].ID != returned {
			t.Fatalf("the observer's returned records: %d", total)
		}
		var audits int
		db.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'observation' AND action IN ('review', 'to_clue')`).Scan(&audits)
		if audits != 3 {
			t.Fatalf("audit rows of reviews and the clue: %d, want 3", audits)
		}
	})
}
