package consumer

// maxQueueNameLen keeps a claim ID (queue, ":", message ID of at most 128
// characters) far below every store's key limit.
const maxQueueNameLen = 128

// ClaimID is the idempotency key of a message: the queue name and the
// message ID joined by ":". Neither may contain "/", so the ID is a valid
// Firestore document ID, DynamoDB key and Cosmos DB id alike.
func ClaimID(queue, messageID string) string { return queue + ":" + messageID }

func validQueueName(q string) bool {
	if q == "" || len(q) > maxQueueNameLen {
		return false
	}
	for i := 0; i < len(q); i++ {
		c := q[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
