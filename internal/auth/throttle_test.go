package auth_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

var t0 = time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC)

func wantBad(t *testing.T, what string, err error) {
	t.Helper()
	var th *auth.Throttled
	if errors.As(err, &th) || !apperr.Is(err, apperr.Unauthorized) || apperr.As(err).Message != auth.ErrBadLogin.Message {
		t.Fatalf("%s: %v, want the one bad-login answer", what, err)
	}
}

func wantThrottled(t *testing.T, what string, err error, seconds int) {
	t.Helper()
	var th *auth.Throttled
	if !errors.As(err, &th) || th.Seconds() != seconds {
		t.Fatalf("%s: %v, want throttled for %d s", what, err, seconds)
	}
	want := fmt.Sprintf("登录尝试过于频繁，请%d秒后再试", seconds)
	if e := apperr.As(err); e.Code != apperr.Unauthorized || e.Message != want {
		t.Fatalf("%s: %q, want %q", what, e.Message, want)
	}
}

func TestThrottlePolicyWait(t *testing.T) {
	p := auth.AccountPolicy
	for _, c := range []struct {
		n    int
		want time.Duration
	}{
		{0, 0}, {1, 0}, {5, 0}, // the free failures
		{6, 5 * time.Second}, {7, 10 * time.Second}, {8, 20 * time.Second}, {9, 40 * time.Second},
		{11, 160 * time.Second}, {12, 5 * time.Minute}, {13, 5 * time.Minute}, {1000, 5 * time.Minute},
	} {
		if got := p.Wait(c.n); got != c.want {
			t.Errorf("AccountPolicy.Wait(%d) = %s, want %s", c.n, got, c.want)
		}
	}
	if got := auth.AddressPolicy.Wait(21); got != 5*time.Second {
		t.Errorf("AddressPolicy.Wait(21) = %s", got)
	}
	if got := auth.AddressPolicy.Wait(500); got != 15*time.Minute {
		t.Errorf("AddressPolicy.Wait(500) = %s", got)
	}
}

// Five anonymous requests used to lock any account for 15 minutes, with
// a message only real accounts got. Now failures make the username wait,
// doubling, with the same answers for an account that does not exist, and
// the right password works once the wait is over.
func TestLoginThrottlesUsernameNotLocks(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		createAccount(t, db, auth.NewAccount{Username: "wang", Region: "370100"})
		run := func(user, right string) []string {
			var trace []string
			at := t0
			try := func(pw string) error {
				_, err := auth.Login(pinned, db, auth.Attempt{Username: user, Password: pw, Addr: "192.0.2.10"}, at)
				trace = append(trace, apperr.As(err).Message)
				return err
			}
			for i := 1; i <= auth.AccountPolicy.Free; i++ {
				wantBad(t, fmt.Sprintf("%s failure %d", user, i), try("Wrong12345"))
			}
			wantBad(t, user+" failure 6", try("Wrong12345")) // counted; now waits 5 s
			at = at.Add(time.Second)
			wantThrottled(t, user+" 1 s later, right password", try(right), 4)
			at = at.Add(4*time.Second - time.Millisecond)
			wantThrottled(t, user+" just before the end", try(right), 1)
			// The refused attempts were not counted: the wait did not grow.
			at = at.Add(time.Millisecond)
			wantBad(t, user+" failure 7", try("Wrong12345")) // waits 10 s
			at = at.Add(9 * time.Second)
			wantThrottled(t, user+" after failure 7", try(right), 1)
			at = at.Add(time.Second)
			if err := try(right); user == "wang" && err != nil {
				t.Fatalf("right password after the wait: %v", err)
			} else if user != "wang" {
				wantBad(t, user+" after the wait", err)
			}
			return trace
		}
		known := run("wang", goodPassword)
		unknown := run("nobody", goodPassword)
		// The same answers, attempt by attempt, except the last (the real
		// account signs in).
		if strings.Join(known[:len(known)-1], "|") != strings.Join(unknown[:len(unknown)-1], "|") {
			t.Errorf("a real and an unknown account are told apart:\n%q\n%q", known, unknown)
		}
		// A success forgets the username's failures.
		for i := 1; i <= auth.AccountPolicy.Free; i++ {
			wantBad(t, "after success", func() error {
				_, err := auth.Authenticate(pinned, db, "wang", "Wrong12345", t0.Add(time.Minute))
				return err
			}())
		}
	})
}

// The same work for a known and an unknown user: one password hash for
// each attempt that is checked, none for a throttled one. (Not parallel:
// it counts the package's hashes while no other test runs.)
func TestLoginSameWorkForUnknownUsers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		createAccount(t, db, auth.NewAccount{Username: "zhou", Region: "370100"})
		for _, user := range []string{"zhou", "nobody", "zhou\x00", "\xff\xfe"} {
			for i := 1; i <= auth.AccountPolicy.Free+2; i++ {
				before := auth.PasswordChecks()
				_, err := auth.Login(pinned, db, auth.Attempt{Username: user, Password: "Wrong12345"}, t0)
				hashes := auth.PasswordChecks() - before
				var th *auth.Throttled
				switch {
				case i <= auth.AccountPolicy.Free+1 && (hashes != 1 || errors.As(err, &th)):
					t.Errorf("%q attempt %d: %d hashes, %v; want 1 and the bad-login answer", user, i, hashes, err)
				case i > auth.AccountPolicy.Free+1 && (hashes != 0 || !errors.As(err, &th)):
					t.Errorf("%q attempt %d: %d hashes, %v; want none, throttled", user, i, hashes, err)
				}
			}
		}
	})
}

// An attacker hammering one username from many addresses makes that
// username wait at most AccountPolicy.Max, and the owner's own browser
// (its device cookie) signs in at once from a fresh address.
func TestLoginOwnerNotKeptOut(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		createAccount(t, db, auth.NewAccount{Username: "chen", Region: "370100"})
		a, err := auth.Login(pinned, db, auth.Attempt{Username: "chen", Password: goodPassword, Addr: "198.51.100.7"}, t0)
		if err != nil {
			t.Fatal(err)
		}
		device, err := auth.IssueDevice(pinned, db, a.Username, t0)
		if err != nil {
			t.Fatal(err)
		}
		// 20 guesses from 20 addresses, each at the moment the previous
		// wait ended (the wait reaches its cap after 12).
		at := t0
		for i := 0; i < 20; i++ {
			addr := fmt.Sprintf("203.0.113.%d", i%250)
			_, err := auth.Login(pinned, db, auth.Attempt{Username: "chen", Password: fmt.Sprintf("Guess%05d!", i), Addr: addr}, at)
			var th *auth.Throttled
			if errors.As(err, &th) {
				if th.Wait > auth.AccountPolicy.Max {
					t.Fatalf("guess %d: wait %s beyond the cap", i, th.Wait)
				}
				at = at.Add(th.Wait)
				i--
				continue
			}
			wantBad(t, "guess", err)
		}
		// The owner's browser: no wait, from an address never seen.
		if _, err := auth.Login(pinned, db, auth.Attempt{Username: "chen", Password: goodPassword, Addr: "192.0.2.99", Device: device}, at); err != nil {
			t.Fatalf("owner with the device cookie: %v", err)
		}
		// A new browser of the owner waits at most the cap, then signs in.
		_, err = auth.Login(pinned, db, auth.Attempt{Username: "chen", Password: goodPassword, Addr: "192.0.2.100"}, at)
		var th *auth.Throttled
		if err != nil && (!errors.As(err, &th) || th.Wait > auth.AccountPolicy.Max) {
			t.Fatalf("owner in a new browser: %v", err)
		}
		if _, err := auth.Login(pinned, db, auth.Attempt{Username: "chen", Password: goodPassword, Addr: "192.0.2.100"},
			at.Add(auth.AccountPolicy.Max)); err != nil {
			t.Fatalf("owner in a new browser after the cap: %v", err)
		}
		// A device cookie is worth nothing for another username, or forged,
		// or expired: those attempts count on the username as usual.
		createAccount(t, db, auth.NewAccount{Username: "lin", Region: "370100"})
		for i, dev := range []string{device, device[:len(device)-2] + "xx", "garbage", ""} {
			_, err := auth.Login(pinned, db, auth.Attempt{Username: "lin", Password: "Wrong12345", Device: dev}, at)
			wantBad(t, fmt.Sprintf("lin with cookie %d", i), err)
		}
		for i := 0; i < auth.AccountPolicy.Free; i++ {
			auth.Login(pinned, db, auth.Attempt{Username: "lin", Password: "Wrong12345"}, at)
		}
		_, err = auth.Login(pinned, db, auth.Attempt{Username: "lin", Password: goodPassword, Device: device}, at.Add(time.Millisecond))
		if !errors.As(err, &th) {
			t.Errorf("chen's cookie let lin past the wait: %v", err)
		}
		late := at.Add(auth.DeviceLifetime + auth.AccountPolicy.Max + time.Hour)
		auth.Login(pinned, db, auth.Attempt{Username: "chen", Password: goodPassword}, late) // clears chen's key
		for i := 0; i <= auth.AccountPolicy.Free; i++ {
			auth.Login(pinned, db, auth.Attempt{Username: "chen", Password: "Wrong12345"}, late)
		}
		_, err = auth.Login(pinned, db, auth.Attempt{Username: "chen", Password: goodPassword, Device: device}, late.Add(time.Millisecond))
		if !errors.As(err, &th) {
			t.Errorf("an expired device cookie still skips the wait: %v", err)
		}
	})
}

// One address guessing many usernames (password spraying) waits after
// AddressPolicy.Free failures; other addresses do not. IPv6 counts by /64.
func TestLoginThrottlesAddress(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		createAccount(t, db, auth.NewAccount{Username: "he", Region: "370100"})
		for _, c := range []struct{ addr, sibling, other string }{
			{"192.0.2.1", "192.0.2.1", "192.0.2.2"},
			{"2001:db8:1:2::1", "2001:db8:1:2:ffff::9", "2001:db8:1:3::1"},
		} {
			for i := 1; i <= auth.AddressPolicy.Free; i++ {
				_, err := auth.Login(pinned, db, auth.Attempt{Username: fmt.Sprintf("user%d", i), Password: "Spray2024!x", Addr: c.addr}, t0)
				wantBad(t, c.addr, err)
			}
			_, err := auth.Login(pinned, db, auth.Attempt{Username: "user-last", Password: "Spray2024!x", Addr: c.addr}, t0)
			wantBad(t, c.addr+" failure 21", err)
			_, err = auth.Login(pinned, db, auth.Attempt{Username: "he", Password: goodPassword, Addr: c.sibling}, t0.Add(time.Second))
			wantThrottled(t, c.sibling, err, 4)
			if _, err := auth.Login(pinned, db, auth.Attempt{Username: "he", Password: goodPassword, Addr: c.other}, t0.Add(time.Second)); err != nil {
				t.Errorf("another address: %v", err)
			}
		}
		// Quiet for AddressPolicy.Reset: the address starts from zero.
		later := t0.Add(auth.AddressPolicy.Reset + time.Minute)
		for i := 1; i <= auth.AddressPolicy.Free; i++ {
			_, err := auth.Login(pinned, db, auth.Attempt{Username: fmt.Sprintf("again%d", i), Password: "Spray2024!x", Addr: "192.0.2.1"}, later)
			wantBad(t, "after the reset", err)
		}
		// Old keys go; keys still waiting stay.
		if err := auth.CleanupThrottle(pinned, db, later.Add(auth.AccountPolicy.Reset+time.Minute)); err != nil {
			t.Fatal(err)
		}
		var n int
		db.R.QueryRow(`SELECT COUNT(*) FROM login_throttle`).Scan(&n)
		if n != 0 {
			t.Errorf("%d throttle rows after cleanup", n)
		}
	})
}

// Parallel guesses are all counted: a script sending its attempts at once
// gets the wait all the same.
func TestLoginCountsConcurrentFailures(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		createAccount(t, db, auth.NewAccount{Username: "sun", Region: "370100"})
		var wg sync.WaitGroup
		for i := 0; i < 2*auth.AccountPolicy.Free; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				auth.Authenticate(pinned, db, "sun", "Wrong12345", t0)
			}()
		}
		wg.Wait()
		var failures int
		db.R.QueryRow(`SELECT failures FROM login_throttle WHERE scope = 'user' AND subject = 'sun'`).Scan(&failures)
		// Attempts that came after the wait began were refused uncounted;
		// every attempt that was checked was counted.
		if failures < auth.AccountPolicy.Free+1 {
			t.Errorf("%d failures counted of %d parallel attempts", failures, 2*auth.AccountPolicy.Free)
		}
		_, err := auth.Authenticate(pinned, db, "sun", goodPassword, t0.Add(time.Second))
		var th *auth.Throttled
		if !errors.As(err, &th) {
			t.Errorf("after %d parallel failures the right password gives %v; want a wait", 2*auth.AccountPolicy.Free, err)
		}
	})
}
