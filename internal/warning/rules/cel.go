// Package rules is rules as data (电子监察, spec/supervision-v1.md §2): the
// built-in rules' catalogue and per-region settings (the rules themselves
// are the case engine's, internal/cases), and supervisors' own rules in
// CEL — validated on save with the error's position, versioned, tried in
// a dry run, applied to new and changed cases at once (a hook in the case
// judgement) and to every existing case of the region by a job.
package rules

import (
	"fmt"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/ext"

	"zfjd/internal/apperr"
	"zfjd/internal/law"
)

// Cost limits: a rule is judged on every case write, so one evaluation
// may not run away (a comprehension over a comprehension of every event).
const (
	costLimit     = 100_000
	maxExprLength = 4000
)

// celEnv declares the variables of §2 and the working-day functions,
// bound late to the calendar of the evaluation.
var celEnv = func() *cel.Env {
	dyn := cel.MapType(cel.StringType, cel.DynType)
	env, err := cel.NewEnv(
		cel.Variable("case", dyn),
		cel.Variable("matter", dyn),
		cel.Variable("agency", dyn),
		cel.Variable("history", dyn),
		cel.Variable("today", cel.StringType),
		cel.Function("workdays", cel.Overload("workdays_string_string", []*cel.Type{cel.StringType, cel.StringType}, cel.IntType, cel.LateFunctionBinding())),
		cel.Function("add_workdays", cel.Overload("add_workdays_string_int", []*cel.Type{cel.StringType, cel.IntType}, cel.StringType, cel.LateFunctionBinding())),
		cel.Function("add_days", cel.Overload("add_days_string_int", []*cel.Type{cel.StringType, cel.IntType}, cel.StringType, cel.LateFunctionBinding())),
		cel.CrossTypeNumericComparisons(true),
		ext.Strings(),
		cel.ParserRecursionLimit(64),
	)
	if err != nil {
		panic(err)
	}
	return env
}()

// Program is one compiled expression.
type Program struct {
	prg        cel.Program
	Expression string
	// UsesHistory: the expression reads history (its counts cost a query).
	UsesHistory bool
}

// Compile checks an expression: it must compile against the variables of
// §2 and be a bool. The error names the field expression and gives the
// line and column.
func Compile(expr string) (*Program, error) {
	bad := func(msg string) error {
		return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"expression": msg}}
	}
	if strings.TrimSpace(expr) == "" {
		return nil, bad("表达式不能为空")
	}
	if len(expr) > maxExprLength {
		return nil, bad(fmt.Sprintf("表达式过长（不超过%d个字节）", maxExprLength))
	}
	ast, iss := celEnv.Compile(expr)
	if iss != nil && iss.Err() != nil {
		e := iss.Errors()[0]
		return nil, bad(fmt.Sprintf("表达式有误（第%d行第%d列）：%s", e.Location.Line(), e.Location.Column()+1, e.Message))
	}
	if !ast.OutputType().IsExactType(types.BoolType) {
		return nil, bad(fmt.Sprintf("表达式的结果应为布尔值（true/false），实际为%s（第1行第1列）", ast.OutputType()))
	}
	prg, err := celEnv.Program(ast, cel.CostLimit(costLimit), cel.InterruptCheckFrequency(100))
	if err != nil {
		return nil, bad("表达式有误：" + err.Error())
	}
	return &Program{prg: prg, Expression: expr, UsesHistory: strings.Contains(expr, "history")}, nil
}

// Input is what an expression reads.
type Input struct {
	Case, Matter, Agency, History map[string]any
	Today                         string
	Cal                           *law.Calendar
}

// Eval runs the program on in: a runtime error (a missing field, the cost
// limit) is "does not match", reported as err.
func (p *Program) Eval(in *Input) (bool, error) {
	vars := map[string]any{"case": in.Case, "matter": in.Matter, "agency": in.Agency, "history": in.History, "today": in.Today}
	act, err := cel.FunctionVars(vars, calendarFuncs(in.Cal))
	if err != nil {
		return false, err
	}
	out, _, err := p.prg.Eval(act)
	if err != nil {
		return false, err
	}
	b, ok := out.Value().(bool)
	return ok && b, nil
}

// calendarFuncs binds the working-day functions to cal.
func calendarFuncs(cal *law.Calendar) map[string]cel.LateBoundFunction {
	date := func(v ref.Val) (law.Date, bool) {
		s, ok := v.Value().(string)
		if !ok || len(s) < 10 {
			return law.Date{}, false
		}
		d, err := law.ParseDate(s[:10]) // an event's instant counts as its day
		return d, err == nil
	}
	bad := types.NewErr("日期应为YYYY-MM-DD")
	return map[string]cel.LateBoundFunction{
		"workdays": func(_ string, args ...ref.Val) ref.Val {
			from, ok1 := date(args[0])
			to, ok2 := date(args[1])
			if !ok1 || !ok2 {
				return bad
			}
			return types.Int(Workdays(cal, from, to))
		},
		"add_workdays": func(_ string, args ...ref.Val) ref.Val {
			d, ok := date(args[0])
			n, ok2 := args[1].Value().(int64)
			if !ok || !ok2 || n < 0 || n > 3660 {
				return bad
			}
			out, err := cal.AddWorkdays(d, int(n))
			if err != nil {
				return types.NewErr("%s", err.Error())
			}
			return types.String(out.String())
		},
		"add_days": func(_ string, args ...ref.Val) ref.Val {
			d, ok := date(args[0])
			n, ok2 := args[1].Value().(int64)
			if !ok || !ok2 || n < -36600 || n > 36600 {
				return bad
			}
			return types.String(d.AddDays(int(n)).String())
		},
	}
}

// Workdays counts the working days after from up to and including to
// (0 when to is not after from), at most ten years of them.
func Workdays(cal *law.Calendar, from, to law.Date) int {
	n := 0
	for d, i := from, 0; d.Before(to) && i < 3660; i++ {
		d = d.AddDays(1)
		if ok, err := cal.IsWorkday(d); err == nil && ok {
			n++
		}
	}
	return n
}
