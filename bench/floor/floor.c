/* The process-start floor of scenario 4: the cheapest native program there is. What a `send`
   costs beyond this is our own start-up and protocol work. Built by bench/run.sh with gcc -O2. */
int main(void) { return 0; }
