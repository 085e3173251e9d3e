package envelope

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Context is what a message is bound to. It is not stored in the envelope:
// the consumer supplies the values it expects, and Open fails when they
// differ from the ones given to Seal.
type Context struct {
	// Queue is the logical queue name producer and consumer agree on.
	Queue string
	// MessageID is the producer-assigned message ID.
	MessageID string
	// Bound is optional caller data authenticated with the message, such as
	// the canonical encoding of fields that travel in clear beside it.
	Bound []byte
}

const aadLabel = "pciqueue/envelope"

func (c Context) validate() error {
	var errs []error
	if c.Queue == "" {
		errs = append(errs, errors.New("queue name is empty; set Context.Queue to the queue the message travels on"))
	}
	if c.MessageID == "" {
		errs = append(errs, errors.New("message ID is empty; set Context.MessageID to the producer-assigned ID"))
	}
	return errors.Join(errs...)
}

// aad returns the additional authenticated data: a label, the format
// version and each field with a length prefix, so no two contexts encode
// alike. Version 2 binds the key reference too.
func (c Context) aad(version byte, keyRef string) []byte {
	b := make([]byte, 0, len(aadLabel)+1+16+len(c.Queue)+len(c.MessageID)+len(c.Bound)+len(keyRef))
	b = append(b, aadLabel...)
	b = append(b, version)
	fields := [][]byte{[]byte(c.Queue), []byte(c.MessageID), c.Bound}
	if version >= Version2 {
		fields = append(fields, []byte(keyRef))
	}
	for _, f := range fields {
		b = binary.BigEndian.AppendUint32(b, uint32(len(f)))
		b = append(b, f...)
	}
	return b
}

func (c Context) describe() string {
	return fmt.Sprintf("message %q on queue %q", c.MessageID, c.Queue)
}
