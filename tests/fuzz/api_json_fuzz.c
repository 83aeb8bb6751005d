// SPDX-License-Identifier: MIT
// libFuzzer: REST's JSON request decoder (a domain definition, as POST
// /api/v1/domains and PUT /api/v1/domains/{id} take it).
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "db.h"
#include "rest.h"
#include "vm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
			       NULL);
	struct vm_def d;
	char why[160];

	if (!j)
		return 0;
	vm_def_defaults(&d);
	if (rest_domain_decode(j, &d, why, sizeof(why)) == 0 &&
	    vm_def_check(&d, why, sizeof(why)) != 0)
		__builtin_trap(); /* decode said yes to what check refuses */
	json_decref(j);
	return 0;
}
