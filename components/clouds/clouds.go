// Package clouds links the clouds pciqueue ships with. Importing it for its side effects registers each
// one's driver with components, as importing a database/sql driver registers it; this is the only place
// that names the built-in clouds.
package clouds

import (
	_ "github.com/pciqueue/pciqueue/components/aws"
	_ "github.com/pciqueue/pciqueue/components/azure"
	_ "github.com/pciqueue/pciqueue/components/gcp"
)
