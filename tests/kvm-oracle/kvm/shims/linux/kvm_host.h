/* Stands in for the kernel header of this name: what emulate.c needs from it
 * is defined in kvm_shim.h. */
#include "kvm_shim.h"
