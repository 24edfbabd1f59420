package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"zfjd/internal/config"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// clearEnv unsets every option's variable, so only the file speaks.
func clearEnv(t *testing.T) {
	t.Setenv("ZFJD_CONFIG", "")
	for _, k := range config.Keys() {
		t.Setenv("ZFJD_"+strings.ToUpper(k), "")
	}
}

// directives reads a systemd unit or a Containerfile: each line's first
// word (a key= or an instruction) to the rest, continuation lines joined.
func directives(t *testing.T, path string) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	var cur string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if cur != "" {
			l = cur + " " + l
			cur = ""
		}
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if strings.HasSuffix(l, `\`) {
			cur = strings.TrimSuffix(l, `\`)
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		if sp := strings.IndexAny(l, " \t"); !ok || (sp >= 0 && sp < len(k)) {
			k, v, _ = strings.Cut(l, " ")
		}
		out[strings.TrimSpace(k)] = append(out[strings.TrimSpace(k)], strings.TrimSpace(v))
	}
	return out
}

// The systemd unit starts zfjd serve with flags serve accepts, on the
// example config file, which the real loader reads with every key set;
// systemd waits longer than the drain and the shutdown take.
func TestDeploySystemdUnitAndExample(t *testing.T) {
	clearEnv(t)
	unit := directives(t, "../../deploy/zfjd.service")
	exec := strings.Fields(unit["ExecStart"][0])
	if filepath.Base(exec[0]) != "zfjd" || !slices.Equal(exec[1:], []string{"serve", "--config", "/etc/zfjd/zfjd.toml"}) {
		t.Fatalf("ExecStart %v", exec)
	}
	args := slices.Clone(exec[2:])
	args[1] = "../../deploy/zfjd.toml"
	_, o, err := parse("serve", args, "")
	if err != nil {
		t.Fatalf("zfjd serve %v: %v", args, err)
	}
	for _, k := range config.Keys() {
		if !o.Given(k) {
			t.Errorf("deploy/zfjd.toml does not set %s", k)
		}
	}
	if !store.IsPostgres(o.DB) || o.BaseURL == "" || !o.HTTPS() {
		t.Errorf("example: db %q base_url %q", config.Redact(o.DB), o.BaseURL)
	}
	for k, want := range map[string]string{"User": "zfjd", "Restart": "on-failure", "NoNewPrivileges": "yes",
		"ProtectSystem": "strict", "ReadWritePaths": filepath.Dir(o.LogKey), "WorkingDirectory": filepath.Dir(o.LogKey)} {
		if got := unit[k]; len(got) != 1 || got[0] != want {
			t.Errorf("%s=%v, want %s", k, got, want)
		}
	}
	if n, err := strconv.Atoi(unit["LimitNOFILE"][0]); err != nil || n < 4096 {
		t.Errorf("LimitNOFILE=%v", unit["LimitNOFILE"])
	}
	stop, err := time.ParseDuration(unit["TimeoutStopSec"][0])
	if need := time.Duration(o.DrainSeconds+o.ShutdownSeconds) * time.Second; err != nil || stop <= need {
		t.Errorf("TimeoutStopSec=%v, want more than drain+shutdown %s", unit["TimeoutStopSec"], need)
	}
}

// The image runs zfjd serve on its own config file (container.toml),
// which loads, listens on the exposed port and keeps its data in the volume.
func TestDeployContainerfile(t *testing.T) {
	clearEnv(t)
	cf := directives(t, "../../deploy/Containerfile")
	env := cf["ENV"]
	if !slices.Contains(env, "ZFJD_CONFIG=/etc/zfjd/zfjd.toml") || !slices.Contains(cf["COPY"], "deploy/container.toml /etc/zfjd/zfjd.toml") {
		t.Fatalf("ENV %v COPY %v: the image's config file", env, cf["COPY"])
	}
	if cf["ENTRYPOINT"][0] != `["/usr/local/bin/zfjd"]` || cf["CMD"][0] != `["serve"]` {
		t.Fatalf("ENTRYPOINT %v CMD %v", cf["ENTRYPOINT"], cf["CMD"])
	}
	t.Setenv("ZFJD_CONFIG", "../../deploy/container.toml")
	t.Setenv("ZFJD_BASE_URL", "https://zfjd.example.gov.cn")
	_, o, err := parse("serve", nil, "")
	if err != nil {
		t.Fatal(err)
	}
	port := o.Addr[strings.LastIndex(o.Addr, ":")+1:]
	if !strings.HasPrefix(o.Addr, "0.0.0.0:") || cf["EXPOSE"][0] != port {
		t.Errorf("addr %s, EXPOSE %v", o.Addr, cf["EXPOSE"])
	}
	if hc := cf["HEALTHCHECK"][0]; !strings.Contains(hc, "127.0.0.1:"+port+"/livez") {
		t.Errorf("HEALTHCHECK %s", hc)
	}
	if vol := cf["VOLUME"][0]; vol != `["/var/lib/zfjd"]` || filepath.Dir(o.DB) != "/var/lib/zfjd" || filepath.Dir(o.LogKey) != "/var/lib/zfjd" {
		t.Errorf("VOLUME %s, db %s, log key %s", vol, o.DB, o.LogKey)
	}
	if cf["USER"][0] == "" || strings.HasPrefix(cf["USER"][0], "root") {
		t.Errorf("USER %v", cf["USER"])
	}
	if !strings.Contains(strings.Join(cf["RUN"], " "), "CGO_ENABLED=0 go build") {
		t.Error("the build is not static")
	}
}

// The nginx example lets a recording of the default size through.
func TestDeployNginx(t *testing.T) {
	b, err := os.ReadFile("../../deploy/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{"client_max_body_size 512m;", "X-Forwarded-For $proxy_add_x_forwarded_for", "upstream zfjd", "proxy_read_timeout"} {
		if !strings.Contains(s, want) {
			t.Errorf("nginx.conf lacks %q", want)
		}
	}
}

// zfjd migrate --dry-run with nothing but a config file: the database is
// the file's; a wrong key in it stops the command, naming the line.
func TestMigrateWithConfigFileOnly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		clearEnv(t)
		dir := t.TempDir()
		path := filepath.Join(dir, "zfjd.toml")
		os.WriteFile(path, []byte("# test\ndb = "+strconv.Quote(db.DSN)+"\nlog_level = \"warn\"\n"), 0o600)
		var out bytes.Buffer
		if err := run(context.Background(), []string{"migrate", "--config", path, "--dry-run"}, &out); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), string(db.Dialect)) || !strings.Contains(out.String(), "没有待执行的迁移") {
			t.Errorf("migrate --dry-run said %q", out.String())
		}
		out.Reset()
		t.Setenv("ZFJD_CONFIG", path) // the variable names the file as well
		if err := run(context.Background(), []string{"migrate"}, &out); err != nil || !strings.Contains(out.String(), "迁移完成（"+string(db.Dialect)) {
			t.Errorf("migrate with ZFJD_CONFIG: %v %q", err, out.String())
		}
		os.WriteFile(path, []byte("db = "+strconv.Quote(db.DSN)+"\n\nbse_url = \"https://x.example\"\n"), 0o600)
		err := run(context.Background(), []string{"migrate", "--dry-run"}, &out)
		if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "第 3 行：未知的配置项 “bse_url”") {
			t.Errorf("unknown key: %v", err)
		}
	})
}
