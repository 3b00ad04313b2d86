#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
// zlib (Debian: zlib1g-dev): gzip sitemaps are inflated with it.
#include <zlib.h>
