// Package envelope encrypts one queue message with its own AES-256-GCM data
// key and wraps that data key with the cloud's key service, so the payload
// travels and rests encrypted even inside the queue service, and only an
// identity allowed to decrypt with the customer-managed key can read it.
//
// Guarantees:
//
//   - Every message gets a fresh 96-bit nonce from crypto/rand. Seal draws
//     a fresh 256-bit data key per message; a Sealer shares one between at
//     most CachePolicy.MaxMessages messages for at most MaxAge, and an
//     Opener caches unwrapped keys by their wrapped form under the same
//     bounds, wiping each clear key when it expires.
//   - The data key leaves the function only wrapped by the [Keeper]. Its clear
//     copy is overwritten as soon as the cipher is built (best effort: Go cannot
//     erase the expanded AES key schedule).
//   - The additional authenticated data binds the ciphertext to the wire-format
//     version, the queue name, the message ID and any caller-bound bytes
//     ([Context]). A message replayed onto another queue, under another ID or
//     with altered bound fields does not open.
//   - Open fails closed: a malformed or truncated envelope, an unknown version,
//     a data key the keeper will not unwrap (wrong key, wrong key ring, revoked
//     access) or any bit flipped anywhere returns an error and no plaintext.
//     Errors name the queue and message ID and wrap one of [ErrMalformed],
//     [ErrUnsupportedVersion], [ErrUnwrapKey] or [ErrAuthentication]; they never
//     contain plaintext.
//
// # Wire format, version 1
//
//	"PQE" | 0x01 | uint16 big-endian n | wrapped data key (n bytes) | nonce (12 bytes) | ciphertext and GCM tag
//
// # Wire format, version 2
//
//	"PQE" | 0x02 | uint8 r | key reference (r bytes) | uint16 big-endian n | wrapped data key | nonce | ciphertext and tag
//
// The key reference names the key version that wrapped the data key, for
// key services whose ciphertext does not (Azure Key Vault decrypts only
// with the version that encrypted); it is authenticated with the message.
//
// # Key service by cloud
//
// The [Keeper] is a gocloud.dev/secrets *secrets.Keeper opened from a URL:
// "awskms:///<key ARN or alias>?region=..." (AWS KMS),
// "azurekeyvault://<vault>.vault.azure.net/keys/<key>" (Azure Key Vault, RSA-OAEP-256 wrap),
// "gcpkms://projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>" (Cloud KMS).
// Each wrap or unwrap is one call to the key service, recorded by its audit
// trail (CloudTrail KMS data events, Key Vault diagnostic logs, Cloud KMS data
// access logs). Tests use localsecrets ("base64key://").
package envelope
