package envelope

import "errors"

// Errors wrapped by Open, for errors.Is.
var (
	// ErrMalformed: the bytes are not a version-1 envelope (too short, wrong
	// magic, lengths out of range).
	ErrMalformed = errors.New("envelope is malformed")
	// ErrUnsupportedVersion: the envelope was written by a newer or unknown
	// wire-format version.
	ErrUnsupportedVersion = errors.New("envelope version is not supported")
	// ErrUnwrapKey: the keeper refused to unwrap the data key (wrong key,
	// missing permission, key disabled, corrupted wrapped key).
	ErrUnwrapKey = errors.New("data key could not be unwrapped")
	// ErrAuthentication: GCM authentication failed: the ciphertext, nonce,
	// queue name, message ID or bound data differ from what was sealed.
	ErrAuthentication = errors.New("message authentication failed")
)
