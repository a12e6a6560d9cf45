#pragma once
// The bytes of an HTTP response, written by jobmond itself instead of Pistache's ResponseWriter.
//
// Why: Pistache 0.0.5 queues every response to its reactor (an eventfd write and read, three
// epoll_ctl calls and one more epoll_wait round before the send), which costs more than a
// heartbeat's database work on a virtual machine, where every system call is expensive.
// The thread that answered a request (the network thread, or the handler thread it was handed
// to) sends these bytes at once instead (see http_server.cc).
#include <string>

#include "jobmon/plugin_api.h"

namespace jobmon::host {

// Status line ("HTTP/1.1 200 OK", or HTTP/1.0 when the request was), r's own headers, then
// Content-Type, Connection ("Keep-Alive" or "Close", as Pistache spells them) and
// Content-Length, a blank line and the body. The host owns those last three: r.headers entries
// with their names (any case) are left out.
std::string serialize_response(bool http10, const api::Response& r, bool keep_alive);

}  // namespace jobmon::host
