// Package state reads what a stack has deployed from the file `pulumi stack export` writes (the
// checkpoint format: apitype.UntypedDeployment holding a DeploymentV3) and presents its resources as the
// engine presents them to a policy pack on update: type, URN, inputs, outputs, parent, dependencies,
// property dependencies, provider and protect.
//
// It guarantees that a secret stays a secret: a value the export encrypted (ciphertext) is read as a
// secret whose text is Encrypted, never decrypted; a value exported in clear (--show-secrets) is still
// marked secret. A resource pending deletion is not deployed and is left out.
package state
