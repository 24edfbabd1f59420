package config

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// load parses args with a config file of content (none when "") and the
// environment env, as a zfjd command does.
func load(t *testing.T, content string, env map[string]string, args ...string) (*Options, error) {
	t.Helper()
	for _, op := range options {
		t.Setenv(op.env, "")
	}
	t.Setenv("ZFJD_CONFIG", "")
	for k, v := range env {
		t.Setenv(k, v)
	}
	if content != "" {
		path := filepath.Join(t.TempDir(), "zfjd.toml")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append([]string{"--config", path}, args...)
	}
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	o := Flags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return o, o.Load()
}

// A flag wins over the environment, the environment over the file, the
// file over the default; for text and numbers alike.
func TestPrecedence(t *testing.T) {
	file := "db = \"file.db\"\nrecording_max_mb = 300\naddr = \"127.0.0.1:7000\"\n"
	for _, c := range []struct {
		name    string
		file    string
		env     map[string]string
		args    []string
		db      string
		mb      int
		addr    string
		givenDB bool
	}{
		{"default", "", nil, nil, "zfjd.db", 0, "127.0.0.1:8080", false},
		{"file", file, nil, nil, "file.db", 300, "127.0.0.1:7000", true},
		{"env over file", file, map[string]string{"ZFJD_DB": "env.db", "ZFJD_RECORDING_MAX_MB": "200"}, nil, "env.db", 200, "127.0.0.1:7000", true},
		{"flag over env and file", file, map[string]string{"ZFJD_DB": "env.db", "ZFJD_RECORDING_MAX_MB": "200"},
			[]string{"--db", "flag.db", "--recording-max-mb", "100"}, "flag.db", 100, "127.0.0.1:7000", true},
		{"flag over default", "", nil, []string{"--addr", ":9"}, "zfjd.db", 0, ":9", false},
		{"empty variable is unset", file, map[string]string{"ZFJD_DB": ""}, nil, "file.db", 300, "127.0.0.1:7000", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			o, err := load(t, c.file, c.env, c.args...)
			if err != nil {
				t.Fatal(err)
			}
			if o.DB != c.db || o.RecordingMaxMB != c.mb || o.Addr != c.addr || o.Given("db") != c.givenDB {
				t.Errorf("db %q mb %d addr %q given %v, want %q %d %q %v", o.DB, o.RecordingMaxMB, o.Addr, o.Given("db"), c.db, c.mb, c.addr, c.givenDB)
			}
		})
	}
}

// The file is named by --config or ZFJD_CONFIG; the flag wins.
func TestConfigFileFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.toml"), filepath.Join(dir, "b.toml")
	os.WriteFile(a, []byte(`base_url = "https://a.example"`), 0o600)
	os.WriteFile(b, []byte(`base_url = "https://b.example/"`), 0o600)
	o, err := load(t, "", map[string]string{"ZFJD_CONFIG": a})
	if err != nil || o.BaseURL != "https://a.example" || o.Config != a {
		t.Errorf("ZFJD_CONFIG: %q %q %v", o.BaseURL, o.Config, err)
	}
	o, err = load(t, "", map[string]string{"ZFJD_CONFIG": a}, "--config", b)
	if err != nil || o.BaseURL != "https://b.example" {
		t.Errorf("--config over ZFJD_CONFIG: %q %v (the slash trimmed)", o.BaseURL, err)
	}
	if _, err := load(t, "", nil, "--config", filepath.Join(dir, "none.toml")); err == nil || !strings.Contains(err.Error(), "无法读取配置文件") {
		t.Errorf("missing file: %v", err)
	}
}

// trusted_proxies may be an array in the file.
func TestProxiesArray(t *testing.T) {
	o, err := load(t, `trusted_proxies = ["10.0.0.1", "192.168.0.0/16"]`, nil)
	if err != nil || o.TrustedProxies != "10.0.0.1,192.168.0.0/16" {
		t.Fatalf("%q %v", o.TrustedProxies, err)
	}
	if p, err := o.Proxies(); err != nil || len(p) != 2 {
		t.Errorf("%v %v", p, err)
	}
}

// What is wrong is refused at start, naming the key and where it came
// from — the file's line, the variable, the flag — in Chinese and English.
func TestRefused(t *testing.T) {
	for _, c := range []struct {
		name string
		file string
		env  map[string]string
		args []string
		want []string // each in the message
		not  string   // never in it (a secret)
	}{
		{"unknown key", "db = \"x.db\"\n\n# the address\nbse_url = \"https://x.example\"\n", nil, nil,
			[]string{"zfjd.toml 第 4 行：未知的配置项 “bse_url” / unknown key", "是否为 “base_url”"}, ""},
		{"two unknown keys in file order", "zzz = 1\naddr = \":1\"\nfoo = 2\n", nil, nil,
			[]string{"第 1 行：未知的配置项 “zzz”", "第 3 行：未知的配置项 “foo”"}, ""},
		{"table", "[server]\naddr = \":1\"\n", nil, nil, []string{"第 1 行：未知的配置项 “server”"}, ""},
		{"syntax", "db = \"x.db\"\naddr = \n", nil, nil, []string{"第 2 行：TOML 格式错误 / syntax error"}, ""},
		{"string for a number", "db = \"x.db\"\nrecording_max_mb = \"500\"\n", nil, nil,
			[]string{"第 2 行 recording_max_mb：应为整数，实际为字符串 / must be an integer"}, ""},
		{"number for a string", "base_url = 8080\n", nil, nil, []string{"第 1 行 base_url：应为字符串，实际为整数 / must be a string"}, ""},
		{"float for a number", "drain_seconds = 2.5\n", nil, nil, []string{"第 1 行 drain_seconds：应为整数，实际为小数"}, ""},
		{"array of numbers", "trusted_proxies = [1]\n", nil, nil, []string{"trusted_proxies：应为字符串或字符串数组"}, ""},
		{"secret of the wrong type", "metrics_token = 123456789\n", nil, nil, []string{"metrics_token：应为字符串"}, "123456789"},
		{"bad variable number", "", map[string]string{"ZFJD_RECORDING_MAX_MB": "lots"}, nil,
			[]string{"环境变量 ZFJD_RECORDING_MAX_MB：\"lots\" 应为整数 / must be an integer"}, ""},

		// Every check runs the same for the three sources.
		{"base url in file", "\nbase_url = \"ftp://x.example\"\n", nil, nil, []string{"第 2 行 base_url：\"ftp://x.example\" 无效", "/ invalid"}, ""},
		{"base url in variable", "", map[string]string{"ZFJD_BASE_URL": "https://x.example/app"}, nil, []string{"环境变量 ZFJD_BASE_URL：", "无效"}, ""},
		{"base url flag", "", nil, []string{"--base-url", "x.example"}, []string{"--base-url：\"x.example\" 无效"}, ""},
		{"base url with a password", "base_url = \"https://u:hunter2@x.example\"\n", nil, nil, []string{"base_url：", "无效"}, "hunter2"},
		{"proxies in file", "trusted_proxies = \"10.0.0.0/33\"\n", nil, nil, []string{"第 1 行 trusted_proxies：无法识别的地址 10.0.0.0/33 / not an IP"}, ""},
		{"proxies in variable", "", map[string]string{"ZFJD_TRUSTED_PROXIES": "10.0.0.1,proxy"}, nil, []string{"环境变量 ZFJD_TRUSTED_PROXIES：无法识别的地址 proxy"}, ""},
		{"proxies flag", "", nil, []string{"--trusted-proxies", "a.b"}, []string{"--trusted-proxies：无法识别的地址 a.b"}, ""},
		{"log level in file", "log_level = \"loud\"\n", nil, nil, []string{"第 1 行 log_level：\"loud\" 无效：可选 debug、info、warn、error / invalid log level"}, ""},
		{"log level in variable", "", map[string]string{"ZFJD_LOG_LEVEL": "trace"}, nil, []string{"环境变量 ZFJD_LOG_LEVEL：\"trace\" 无效"}, ""},
		{"log level flag", "", nil, []string{"--log-level", "verbose"}, []string{"--log-level：\"verbose\" 无效"}, ""},
		{"log hash in file", "log_hash = \"md5\"\n", nil, nil, []string{"第 1 行 log_hash：\"md5\" 无效：可选 sha256、sm3 / unknown hash algorithm"}, ""},
		{"log hash in variable", "", map[string]string{"ZFJD_LOG_HASH": "sha1"}, nil, []string{"环境变量 ZFJD_LOG_HASH：\"sha1\" 无效"}, ""},
		{"log hash flag", "", nil, []string{"--log-hash", "crc"}, []string{"--log-hash：\"crc\" 无效"}, ""},
		{"recording size in file", "recording_max_mb = -1\n", nil, nil, []string{"第 1 行 recording_max_mb：-1 无效"}, ""},
		{"recording size in variable", "", map[string]string{"ZFJD_RECORDING_MAX_MB": "-5"}, nil, []string{"环境变量 ZFJD_RECORDING_MAX_MB：-5 无效"}, ""},
		{"recording size flag", "", nil, []string{"--recording-max-mb", "-2"}, []string{"--recording-max-mb：-2 无效"}, ""},
		{"shutdown zero", "shutdown_seconds = 0\n", nil, nil, []string{"第 1 行 shutdown_seconds：0 无效"}, ""},
		{"drain negative", "", nil, []string{"--drain-seconds", "-1"}, []string{"--drain-seconds：-1 无效"}, ""},
		{"all the faults at once", "log_level = \"x\"\nlog_hash = \"y\"\n", nil, nil, []string{"第 1 行 log_level", "第 2 行 log_hash"}, ""},
		{"every kind of fault at once", "bse_url = 1\nrecording_max_mb = \"5\"\nlog_level = \"loud\"\n", map[string]string{"ZFJD_TRUSTED_PROXIES": "x"}, nil,
			[]string{"第 1 行：未知的配置项 “bse_url”", "第 2 行 recording_max_mb：应为整数", "第 3 行 log_level：\"loud\" 无效", "环境变量 ZFJD_TRUSTED_PROXIES"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := load(t, c.file, c.env, c.args...)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q lacks %q", err, w)
				}
			}
			if c.not != "" && strings.Contains(err.Error(), c.not) {
				t.Errorf("message %q shows the secret", err)
			}
		})
	}
}

// Values that pass: the checks refuse nothing right.
func TestAccepted(t *testing.T) {
	o, err := load(t, "base_url = \"https://zfjd.example.gov.cn/\"\nlog_level = \"WARN\"\nlog_hash = \"sm3\"\n"+
		"recording_max_mb = 2048\ndrain_seconds = 0\nmetrics_token = \"s3cret\"\n'read_db' = \"r.db\"\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	if o.BaseURL != "https://zfjd.example.gov.cn" || o.LogHash != "sm3" || o.RecordingMaxMB != 2048 || o.DrainSeconds != 0 ||
		o.MetricsToken != "s3cret" || o.ReadDB != "r.db" || o.ShutdownSeconds != 30 {
		t.Errorf("%+v", o)
	}
	if got := o.From("log_hash"); !strings.HasSuffix(got, "第 3 行 log_hash") {
		t.Errorf("From(log_hash) = %q", got)
	}
}

// SetDefault changes a default (zfjd demo's database), which the file,
// the variable and a flag still override.
func TestSetDefault(t *testing.T) {
	t.Setenv("ZFJD_DB", "")
	t.Setenv("ZFJD_CONFIG", "")
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	o := Flags(fs)
	o.SetDefault("db", "zfjd-demo.db")
	o.SetDefault("drain_seconds", "0")
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	if err := o.Load(); err != nil || o.DB != "zfjd-demo.db" || o.DrainSeconds != 0 || o.Given("db") {
		t.Errorf("%q %d %v %v", o.DB, o.DrainSeconds, o.Given("db"), err)
	}
	if fs.Lookup("db").DefValue != "zfjd-demo.db" {
		t.Error("help shows the old default")
	}
	// After Parse (zfjd demo --scale names its file by the scale), a
	// given flag stays.
	fs = flag.NewFlagSet("demo", flag.ContinueOnError)
	o = Flags(fs)
	fs.Parse([]string{"--db", "mine.db"})
	o.SetDefault("db", "zfjd-county.db")
	if err := o.Load(); err != nil || o.DB != "mine.db" || !o.Given("db") {
		t.Errorf("SetDefault after --db: %q %v", o.DB, err)
	}
}

func TestRedact(t *testing.T) {
	if got := Redact("postgres://zfjd:pw@db/zfjd"); strings.Contains(got, "pw@") {
		t.Errorf("Redact: %s", got)
	}
	if got := Redact("/var/lib/zfjd/zfjd.db"); got != "/var/lib/zfjd/zfjd.db" {
		t.Errorf("Redact: %s", got)
	}
}
