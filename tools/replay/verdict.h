// kemu-replay's verdict: a record run again on the core through the
// answering host, each pass compared with its recorded result and reported.
#pragma once

#include "record.h"

namespace kemu_replay {

// Replay `r`, print what each pass did against the record; true if reproduced.
bool replay(const Record &r);

} // namespace kemu_replay
