// Debian builds libxml2 with ICU, so its encoding.h includes the system ICU
// headers (unicode/ucnv.h). Foundation on Linux carries its own copy of ICU
// (_FoundationICU) whose UErrorCode differs, and clang refuses the two
// definitions in one build. kwcluster never uses libxml2's ICU converters
// (it only ever touches xmlCharEncodingHandler through pointers), so the
// ICU part of the headers is switched off before they are read.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
// The streaming reader: workbook sheets are read one row at a time.
#include <libxml/xmlreader.h>
// zlib (Debian: zlib1g-dev): gzip sitemaps are inflated with it.
#include <zlib.h>
