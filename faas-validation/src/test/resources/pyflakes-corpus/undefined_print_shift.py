import sys

print >> sys.stderr, "debug"
print >>sys.stdout
