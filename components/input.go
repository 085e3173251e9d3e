package components

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A component arg typed as a Pulumi input may be a plain value, known before anything is registered, or the
// output of another resource, known only once that resource exists. Known values are checked by the
// component's Validate before any resource is registered; the others are checked when they resolve, with the
// same message, and the resource that consumes them fails instead of being created with a refused value.

// KnownString returns the value of in when it is a plain value (pulumi.String), without awaiting anything.
// It reports false for nil and for an output, whose value is not known until it resolves.
func KnownString(in pulumi.StringInput) (string, bool) {
	if v, ok := in.(pulumi.String); ok {
		return string(v), true
	}
	return "", false
}

// KnownStrings returns the values of in when it is a pulumi.StringArray of plain values, without awaiting
// anything. It reports false for nil, for an output and for an array holding any output.
func KnownStrings(in pulumi.StringArrayInput) ([]string, bool) {
	arr, ok := in.(pulumi.StringArray)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		s, ok := KnownString(e)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// CheckString checks in now when it is known and returns the check's error; otherwise it returns nil, and
// CheckedString checks it when it resolves. A nil input is not checked.
func CheckString(in pulumi.StringInput, check func(string) error) error {
	if v, ok := KnownString(in); ok {
		return check(v)
	}
	return nil
}

// CheckStrings checks every element of in that is known now, passing its index; elements that are outputs
// are checked by CheckedStrings when they resolve.
func CheckStrings(in pulumi.StringArrayInput, check func(i int, v string) error) error {
	if vs, ok := KnownStrings(in); ok {
		var errs []error
		for i, v := range vs {
			errs = append(errs, check(i, v))
		}
		return errors.Join(errs...)
	}
	if arr, ok := in.(pulumi.StringArray); ok {
		var errs []error
		for i, e := range arr {
			if v, ok := KnownString(e); ok {
				errs = append(errs, check(i, v))
			}
		}
		return errors.Join(errs...)
	}
	return nil
}

// CheckedString returns in as an output that fails with check's error when its resolved value is refused, so
// every resource that consumes it fails rather than receiving the value. A nil input gives an empty string.
func CheckedString(in pulumi.StringInput, check func(string) error) pulumi.StringOutput {
	if in == nil {
		return pulumi.String("").ToStringOutput()
	}
	return in.ToStringOutput().ApplyT(func(v string) (string, error) {
		if err := check(v); err != nil {
			return "", err
		}
		return v, nil
	}).(pulumi.StringOutput)
}

// CheckedStrings returns in as an output that fails with check's error when any resolved element is refused.
// A nil input gives an empty array.
func CheckedStrings(in pulumi.StringArrayInput, check func(i int, v string) error) pulumi.StringArrayOutput {
	if in == nil {
		return pulumi.StringArray{}.ToStringArrayOutput()
	}
	return in.ToStringArrayOutput().ApplyT(func(vs []string) ([]string, error) {
		var errs []error
		for i, v := range vs {
			errs = append(errs, check(i, v))
		}
		if err := errors.Join(errs...); err != nil {
			return nil, err
		}
		return vs, nil
	}).(pulumi.StringArrayOutput)
}

// FieldCheck returns the check of one field of a queue's args: a value valid accepts passes, any other is
// refused naming the queue, the field, the value and what is allowed.
func FieldCheck(queue, field string, valid func(string) bool, allowed string) func(string) error {
	return func(v string) error {
		if valid(v) {
			return nil
		}
		return &FieldError{Queue: queue, Field: field, Value: fmt.Sprintf("%q", v), Allowed: allowed}
	}
}

// IndexedFieldCheck is FieldCheck for the elements of a list field, each named field[i].
func IndexedFieldCheck(queue, field string, valid func(string) bool, allowed string) func(int, string) error {
	return func(i int, v string) error {
		return FieldCheck(queue, fmt.Sprintf("%s[%d]", field, i), valid, allowed)(v)
	}
}

// OptionalString turns an optional config string into an input: an absent key (empty) is nil, which the
// components read as "not given", and any other value is a plain value they check before registering.
func OptionalString(s string) pulumi.StringInput {
	if s == "" {
		return nil
	}
	return pulumi.String(s)
}
