package config

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"zfjd/internal/ledger"
)

// source is where an option's value came from.
type source struct {
	kind int    // fromDefault, fromFlag, fromEnv or fromFile
	line int    // the file's line, for fromFile
	file string // the file, for fromFile
}

const (
	fromDefault = iota
	fromFlag
	fromEnv
	fromFile
)

// Load completes the options after fs.Parse: each one not given as a flag
// is taken from its environment variable, else from the config file
// (--config or ZFJD_CONFIG), else keeps its default. Then every value is
// checked; what is wrong is refused naming the flag, the variable or the
// file's line, in Chinese and English.
func (o *Options) Load() error {
	set := map[string]bool{}
	if o.fs != nil {
		o.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	}
	o.given = map[string]source{}
	if !set["config"] {
		if v := os.Getenv("ZFJD_CONFIG"); v != "" {
			o.Config = v
		}
	}
	var file map[string]value
	var errs []error
	if o.Config != "" {
		var err error
		if file, err = readFile(o.Config); file == nil && err != nil {
			return err
		} else if err != nil {
			errs = append(errs, err)
		}
	}
	for _, op := range options {
		v, fromEnvOK := os.LookupEnv(op.env)
		switch fv, inFile := file[op.key]; {
		case set[op.flag]:
			o.given[op.key] = source{kind: fromFlag}
		case fromEnvOK && v != "":
			o.given[op.key] = source{kind: fromEnv}
			if err := op.setText(o, v); err != nil {
				errs = append(errs, o.fail(op.key, err))
			}
		case inFile:
			o.given[op.key] = source{kind: fromFile, file: o.Config, line: fv.line}
			if err := op.setFile(o, fv.v); err != nil {
				errs = append(errs, o.fail(op.key, err))
			}
		}
	}
	// A value refused above kept its default, which Validate passes: each
	// fault is reported once, all of them at the same time.
	o.Normalize()
	return errors.Join(append(errs, o.Validate())...)
}

// Given reports whether option key was set by a flag, a variable or the
// config file (not left at its default).
func (o *Options) Given(key string) bool {
	s, ok := o.given[key]
	return ok && s.kind != fromDefault
}

// From names where option key came from, for messages: "--base-url",
// "环境变量 ZFJD_BASE_URL" or "配置文件 zfjd.toml 第 3 行 base_url".
func (o *Options) From(key string) string {
	op := lookup(key)
	switch s := o.given[key]; s.kind {
	case fromEnv:
		return "环境变量 " + op.env
	case fromFile:
		return fmt.Sprintf("配置文件 %s 第 %d 行 %s", s.file, s.line, key)
	}
	return flagName(key)
}

func (o *Options) fail(key string, err error) error { return fmt.Errorf("%s：%w", o.From(key), err) }

// Validate checks the values, naming the source of each bad one.
func (o *Options) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, o.fail(key, fmt.Errorf(format, args...)))
	}
	if o.BaseURL != "" && !validBaseURL(o.BaseURL) {
		bad("base_url", "%q 无效：须为 http:// 或 https:// 开头的站点根地址，如 https://zfjd.example.gov.cn / "+
			"invalid: must be the site's root address starting with http:// or https://", Redact(o.BaseURL))
	}
	if _, f := parseProxies(o.TrustedProxies); f != "" {
		bad("trusted_proxies", "无法识别的地址 %s / not an IP address or CIDR: %s", f, f)
	}
	switch strings.ToLower(o.LogLevel) {
	case "debug", "info", "warn", "error":
	default:
		bad("log_level", "%q 无效：可选 debug、info、warn、error / invalid log level", o.LogLevel)
	}
	if o.LogHash != "" {
		if _, err := ledger.ParseAlg(o.LogHash); err != nil {
			bad("log_hash", "%q 无效：可选 sha256、sm3 / unknown hash algorithm", o.LogHash)
		}
	}
	if o.RecordingMaxMB < 0 || o.RecordingMaxMB > 1<<20 {
		bad("recording_max_mb", "%d 无效：须为 0（默认 500）到 1048576 之间的整数 / must be 0 to 1048576 MB", o.RecordingMaxMB)
	}
	if o.DrainSeconds < 0 || o.DrainSeconds > 3600 {
		bad("drain_seconds", "%d 无效：须为 0 到 3600 之间的整数 / must be 0 to 3600 seconds", o.DrainSeconds)
	}
	if o.ShutdownSeconds < 1 || o.ShutdownSeconds > 3600 {
		bad("shutdown_seconds", "%d 无效：须为 1 到 3600 之间的整数 / must be 1 to 3600 seconds", o.ShutdownSeconds)
	}
	return errors.Join(errs...)
}

// setText sets op from an environment variable's text.
func (op *option) setText(o *Options, v string) error {
	if op.num == nil {
		*op.str(o) = v
		return nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return fmt.Errorf("%s 应为整数 / must be an integer", op.shown(v))
	}
	*op.num(o) = n
	return nil
}

// setFile sets op from a config file's TOML value.
func (op *option) setFile(o *Options, v any) error {
	switch x := v.(type) {
	case string:
		if op.str != nil {
			*op.str(o) = x
			return nil
		}
	case int64:
		if op.num != nil {
			*op.num(o) = int(x)
			return nil
		}
	case []any:
		if op.list {
			parts := make([]string, len(x))
			for i, e := range x {
				s, ok := e.(string)
				if !ok {
					return fmt.Errorf("应为字符串或字符串数组，数组中有%s / must be a string or an array of strings", tomlType(e))
				}
				parts[i] = s
			}
			*op.str(o) = strings.Join(parts, ",")
			return nil
		}
	}
	want, wantEn := "字符串", "a string"
	if op.num != nil {
		want, wantEn = "整数", "an integer"
	}
	return fmt.Errorf("应为%s，实际为%s / must be %s", want, tomlType(v), wantEn)
}

// shown is v as a message may show it: never a secret.
func (op *option) shown(v string) string {
	if op.secret {
		return "（值不显示）"
	}
	return strconv.Quote(v)
}
